################################################################################
# GPU service (optional): the queue of the bucket's S3 notifications and its DLQ
################################################################################

locals {
  gpu        = var.create_gpu_service
  gpu_target = var.scan_target == "gpu_service"
}

resource "aws_sqs_queue" "gpu_dlq" {
  count = local.gpu ? 1 : 0

  name                      = "${var.name}-gpu-dlq"
  message_retention_seconds = var.gpu_dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

resource "aws_sqs_queue" "gpu" {
  count = local.gpu ? 1 : 0

  name                       = "${var.name}-gpu"
  visibility_timeout_seconds = var.gpu_queue_visibility_timeout_seconds
  message_retention_seconds  = var.gpu_queue_message_retention_seconds
  receive_wait_time_seconds  = 20
  # SSE-SQS: S3 can send to it (an AWS managed KMS key would lock S3 out).
  sqs_managed_sse_enabled = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.gpu_dlq[0].arn
    maxReceiveCount     = var.gpu_queue_max_receive_count
  })

  tags = var.tags
}

# S3 sends the bucket's notifications, and only for this bucket in its owner's account. Nobody else
# sends: an Allow alone leaves every principal of the account that holds sqs:SendMessage free to name
# any bucket, key and version in a message. The Deny also covers moving messages back from the DLQ
# (a redrive sends as its caller): re-scan those objects with S3 Batch Operations instead.
data "aws_iam_policy_document" "gpu_queue" {
  count = local.gpu ? 1 : 0

  statement {
    sid       = "DenySendersOtherThanTheBucket"
    effect    = "Deny"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.gpu[0].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    # A missing aws:SourceArn (any IAM principal's own request) makes the negated test true: denied.
    condition {
      test     = "ArnNotEquals"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }
  }

  statement {
    sid       = "S3BucketNotifications"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.gpu[0].arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.bucket_owner_account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "gpu" {
  count = local.gpu ? 1 : 0

  queue_url = aws_sqs_queue.gpu[0].id
  policy    = data.aws_iam_policy_document.gpu_queue[0].json
}

resource "aws_cloudwatch_metric_alarm" "gpu_dlq" {
  count = local.gpu && var.create_alarms ? 1 : 0

  alarm_name        = "${var.name}-gpu-dlq-not-empty"
  alarm_description = "S3 notifications the GPU service failed ${var.gpu_queue_max_receive_count} times wait in ${aws_sqs_queue.gpu_dlq[0].name}: objects left untagged."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.gpu_dlq[0].name
  }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.alarm_dlq_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions

  tags = var.tags
}
