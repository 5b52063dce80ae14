################################################################################
# Alarms: function errors and throttles, dead-letter queue depth
################################################################################

resource "aws_sns_topic" "alarms" {
  count = var.create_alarm_topic ? 1 : 0

  name              = "${var.name}-alarms"
  kms_master_key_id = var.alarm_topic_kms_key_id

  tags = var.tags
}

locals {
  alarm_actions = concat(var.alarm_actions, aws_sns_topic.alarms[*].arn)
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each = var.create_alarms ? local.functions : {}

  alarm_name        = "${var.name}-${each.key}-errors"
  alarm_description = "${var.name}-${each.key} failed at least ${var.alarm_errors_threshold} time(s) in ${var.alarm_period_seconds} s (see its log group)."

  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  dimensions = {
    FunctionName = aws_lambda_function.this[each.key].function_name
  }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.alarm_errors_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  for_each = var.create_alarms ? local.functions : {}

  alarm_name        = "${var.name}-${each.key}-throttles"
  alarm_description = "${var.name}-${each.key} was throttled at least ${var.alarm_throttles_threshold} time(s) in ${var.alarm_period_seconds} s (concurrency limit)."

  namespace   = "AWS/Lambda"
  metric_name = "Throttles"
  dimensions = {
    FunctionName = aws_lambda_function.this[each.key].function_name
  }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.alarm_throttles_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  count = var.create_alarms ? 1 : 0

  alarm_name        = "${var.name}-scan-dlq-not-empty"
  alarm_description = "Scan events failed every retry and wait in ${aws_sqs_queue.dlq.name}: objects left untagged."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.dlq.name
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

################################################################################
# Alarms on the scan results (Embedded Metric Format lines of scan and the GPU service)
################################################################################

resource "aws_cloudwatch_metric_alarm" "scan_results_error" {
  count = var.create_alarms ? 1 : 0

  alarm_name        = "${var.name}-scan-results-error"
  alarm_description = "More than ${var.alarm_scan_errors_threshold} object(s) ended ERROR in ${var.alarm_period_seconds} s (${var.metrics_namespace} ObjectsScanned, Status=ERROR): they stay unreadable under the allow-list until scanned again."

  namespace   = var.metrics_namespace
  metric_name = "ObjectsScanned"
  dimensions = {
    Status = "ERROR"
  }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.alarm_scan_errors_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions

  tags = var.tags
}

# FAKE / (REAL + FAKE) per period; periods with fewer than fake_rate_alarm_min_objects judged
# objects count as 0, so a handful of uploads cannot fire it. FILL: a period without any REAL (or
# FAKE) datapoint counts it as 0 instead of leaving the whole expression without data.
resource "aws_cloudwatch_metric_alarm" "fake_rate" {
  count = var.create_alarms ? 1 : 0

  alarm_name        = "${var.name}-fake-rate"
  alarm_description = "More than ${var.fake_rate_alarm_threshold * 100}% of the objects judged in ${var.alarm_period_seconds} s were FAKE (at least ${var.fake_rate_alarm_min_objects} judged REAL or FAKE)."

  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = var.fake_rate_alarm_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "fake_rate"
    label       = "FAKE / (REAL + FAKE)"
    expression  = "IF((FILL(real, 0) + FILL(fake, 0)) >= ${var.fake_rate_alarm_min_objects}, FILL(fake, 0) / (FILL(real, 0) + FILL(fake, 0)), 0)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { real = "REAL", fake = "FAKE" }

    content {
      id = metric_query.key

      metric {
        namespace   = var.metrics_namespace
        metric_name = "ObjectsScanned"
        dimensions = {
          Status = metric_query.value
        }
        stat   = "Sum"
        period = var.alarm_period_seconds
      }
    }
  }

  alarm_actions = local.alarm_actions
  ok_actions    = local.alarm_actions

  tags = var.tags
}
