################################################################################
# Functions
################################################################################

output "scan_function_name" {
  description = "Name of the `scan` function."
  value       = aws_lambda_function.this["scan"].function_name
}

output "scan_function_arn" {
  description = "Unqualified ARN of the `scan` function."
  value       = aws_lambda_function.this["scan"].arn
}

output "scan_function_trigger_arn" {
  description = "ARN the trigger invokes: the published version (`publish` or `jvm` mode) or the unqualified ARN ($LATEST)."
  value       = local.scan_target_arn
}

output "scan_function_version" {
  description = "Published version of `scan`, or `$LATEST` when nothing is published."
  value       = aws_lambda_function.this["scan"].version
}

output "classify_function_name" {
  description = "Name of the `classify` function."
  value       = aws_lambda_function.this["classify"].function_name
}

output "classify_function_arn" {
  description = "Unqualified ARN of the `classify` function."
  value       = aws_lambda_function.this["classify"].arn
}

output "classify_function_version" {
  description = "Published version of `classify`, or `$LATEST` when nothing is published."
  value       = aws_lambda_function.this["classify"].version
}

output "classify_invoke_command" {
  description = "AWS CLI command that classifies an image by URL with `classify` (replace the URL; `{\"s3Uri\":\"s3://bucket/key\"}` and `{\"imageBase64\":\"...\"}` also work) and prints the verdict."
  value = join(" ", compact([
    "aws lambda invoke",
    "--region ${local.region}",
    "--function-name ${aws_lambda_function.this["classify"].function_name}",
    local.publish ? "--qualifier ${aws_lambda_function.this["classify"].version}" : "",
    "--cli-binary-format raw-in-base64-out",
    "--payload '{\"url\":\"https://example.com/image.jpg\"}'",
    "classify-response.json && cat classify-response.json",
  ]))
}

################################################################################
# IAM
################################################################################

output "scan_role_arn" {
  description = "ARN of the IAM role of `scan`."
  value       = aws_iam_role.this["scan"].arn
}

output "scan_role_name" {
  description = "Name of the IAM role of `scan`."
  value       = aws_iam_role.this["scan"].name
}

output "classify_role_arn" {
  description = "ARN of the IAM role of `classify`."
  value       = aws_iam_role.this["classify"].arn
}

output "classify_role_name" {
  description = "Name of the IAM role of `classify`."
  value       = aws_iam_role.this["classify"].name
}

################################################################################
# Artifacts and model
################################################################################

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket (function.zip and the model)."
  value       = aws_s3_bucket.artifacts.id
}

output "artifacts_bucket_arn" {
  description = "ARN of the artifacts bucket."
  value       = aws_s3_bucket.artifacts.arn
}

output "model_location" {
  description = "Value of `VIRTUS_MODEL_LOCATION`: the uploaded export directory (s3://...) or the bundled path."
  value       = local.model_location
}

################################################################################
# Failures, logs, alarms, trigger
################################################################################

output "dlq_url" {
  description = "URL of the dead-letter queue that receives scan events that failed every retry."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "cloudwatch_log_group_names" {
  description = "Log group of each function, by function (`scan`, `classify`)."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}

output "alarm_topic_arn" {
  description = "ARN of the alarm topic, or null when `create_alarm_topic` is false."
  value       = try(aws_sns_topic.alarms[0].arn, null)
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms created."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.errors : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.throttles : a.alarm_name],
    aws_cloudwatch_metric_alarm.dlq[*].alarm_name,
    aws_cloudwatch_metric_alarm.gpu_dlq[*].alarm_name,
    aws_cloudwatch_metric_alarm.scan_results_error[*].alarm_name,
    aws_cloudwatch_metric_alarm.fake_rate[*].alarm_name,
  )
}

output "eventbridge_rule_arn" {
  description = "ARN of the EventBridge rule of the `eventbridge` trigger, or null."
  value       = try(aws_cloudwatch_event_rule.scan[0].arn, null)
}

output "enforcement_mode" {
  description = "Read enforcement in effect on the scanned bucket: `allow_real`, `deny_fake` (also when set through `enforce_deny_fake_reads`) or `off`."
  value       = local.enforcement_mode
}

output "enforcement_policy_json" {
  description = "The enforcement bucket policy (JSON), or null when `enforcement_mode` is `off` and no `enforce_*` variable is on; merge it into your own policy when `create_bucket_policy` is false."
  value       = local.enforce ? data.aws_iam_policy_document.enforcement.json : null
}

################################################################################
# GPU service (null when create_gpu_service is false)
################################################################################

output "gpu_ecr_repository_url" {
  description = "URL of the ECR repository of the GPU image: push `virtus-scan-gpu` there."
  value       = try(aws_ecr_repository.gpu[0].repository_url, null)
}

output "gpu_image" {
  description = "Image the GPU task definition runs."
  value       = local.gpu ? local.gpu_image : null
}

output "gpu_cluster_name" {
  description = "Name of the ECS cluster of the GPU service."
  value       = try(aws_ecs_cluster.gpu[0].name, null)
}

output "gpu_service_name" {
  description = "Name of the ECS service of the GPU service."
  value       = try(aws_ecs_service.gpu[0].name, null)
}

output "gpu_task_definition_arn" {
  description = "ARN (with revision) of the GPU task definition."
  value       = try(aws_ecs_task_definition.gpu[0].arn, null)
}

output "gpu_capacity_provider_name" {
  description = "Name of the ECS capacity provider on the GPU Auto Scaling group."
  value       = try(aws_ecs_capacity_provider.gpu[0].name, null)
}

output "gpu_autoscaling_group_name" {
  description = "Name of the Auto Scaling group of the GPU instances."
  value       = try(aws_autoscaling_group.gpu[0].name, null)
}

output "gpu_queue_url" {
  description = "URL of the queue of the bucket's S3 notifications (`VIRTUS_SQS_QUEUE_URL`)."
  value       = try(aws_sqs_queue.gpu[0].url, null)
}

output "gpu_queue_arn" {
  description = "ARN of the queue of the bucket's S3 notifications."
  value       = try(aws_sqs_queue.gpu[0].arn, null)
}

output "gpu_dlq_url" {
  description = "URL of the GPU queue's dead-letter queue."
  value       = try(aws_sqs_queue.gpu_dlq[0].url, null)
}

output "gpu_dlq_arn" {
  description = "ARN of the GPU queue's dead-letter queue."
  value       = try(aws_sqs_queue.gpu_dlq[0].arn, null)
}

output "gpu_task_role_arn" {
  description = "ARN of the GPU task role."
  value       = try(aws_iam_role.gpu_task[0].arn, null)
}

output "gpu_execution_role_arn" {
  description = "ARN of the GPU task execution role."
  value       = try(aws_iam_role.gpu_execution[0].arn, null)
}

output "gpu_instance_role_arn" {
  description = "ARN of the GPU container instances' role."
  value       = try(aws_iam_role.gpu_instance[0].arn, null)
}

output "gpu_log_group_name" {
  description = "Log group of the GPU containers."
  value       = try(aws_cloudwatch_log_group.gpu[0].name, null)
}

output "gpu_scaling_policy_name" {
  description = "Name of the target-tracking policy on backlog per task."
  value       = try(aws_appautoscaling_policy.gpu_backlog[0].name, null)
}

################################################################################
# Verdict events and FAKE notifications
################################################################################

output "events_event_bus_arn" {
  description = "ARN of the event bus that receives the verdict events (`VIRTUS_EVENTS_EVENT_BUS`), or null when `events_enabled` is false and no `events_event_bus` is given."
  value       = local.events ? local.events_bus_arn : null
}

output "events_environment" {
  description = "Environment of the verdict events (`VIRTUS_EVENTS_EVENT_BUS`: the bus as given, `default` without one), empty when they are off: what `scan` gets, for the GPU task definition."
  value       = local.events_environment
}

output "fake_notifications_topic_arn" {
  description = "ARN of the SNS topic of FAKE verdicts, or null when `create_fake_notifications` is off."
  value       = try(aws_sns_topic.fake_notifications[0].arn, null)
}

output "fake_notifications_rule_arn" {
  description = "ARN of the EventBridge rule that sends FAKE verdicts to the topic, or null."
  value       = try(aws_cloudwatch_event_rule.fake_notifications[0].arn, null)
}

output "fake_notifications_kms_key_arn" {
  description = "ARN of the customer managed KMS key of the FAKE-verdict topic, or null."
  value       = try(aws_kms_key.fake_notifications[0].arn, null)
}

################################################################################
# Backfill with S3 Batch Operations
################################################################################

output "batch_operations_role_arn" {
  description = "ARN of the role for S3 Batch Operations jobs that invoke `scan`, or null when `create_batch_operations_role` is false."
  value       = try(aws_iam_role.batch_operations[0].arn, null)
}

output "batch_operations_create_job_command" {
  description = "AWS CLI command that starts an S3 Batch Operations job scanning the objects already in the bucket (LambdaInvoke of `scan`, schema 2.0, manifest generated from the bucket with the scanned prefixes and suffixes, completion report of all tasks), or null when `create_batch_operations_role` is false."
  value       = local.batch_create_job_command
}

################################################################################
# Marking key
################################################################################

output "marking_key_arn" {
  description = "ARN of the secret (or SSM parameter) holding the HMAC-SHA256 key of the markings; readable by scan and the GPU tasks only."
  value       = local.marking_key_arn
}
