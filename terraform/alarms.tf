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
