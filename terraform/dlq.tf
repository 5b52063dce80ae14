################################################################################
# Dead-letter queue: scan events that failed every retry or expired
################################################################################

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-scan-dlq"
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

# EventBridge delivers events it could not hand to the function into the same queue.
data "aws_iam_policy_document" "dlq" {
  count = var.scan_trigger == "eventbridge" ? 1 : 0

  statement {
    sid       = "EventBridgeDeadLetters"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.scan[0].arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dlq" {
  count = var.scan_trigger == "eventbridge" ? 1 : 0

  queue_url = aws_sqs_queue.dlq.id
  policy    = data.aws_iam_policy_document.dlq[0].json
}
