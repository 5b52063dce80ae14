output "scan_function_name" {
  description = "Name of the `scan` function."
  value       = module.virtus_scan.scan_function_name
}

output "scan_function_arn" {
  description = "Unqualified ARN of the `scan` function."
  value       = module.virtus_scan.scan_function_arn
}

output "scan_function_trigger_arn" {
  description = "ARN the trigger invokes."
  value       = module.virtus_scan.scan_function_trigger_arn
}

output "classify_function_name" {
  description = "Name of the `classify` function."
  value       = module.virtus_scan.classify_function_name
}

output "classify_function_arn" {
  description = "Unqualified ARN of the `classify` function."
  value       = module.virtus_scan.classify_function_arn
}

output "classify_invoke_command" {
  description = "AWS CLI command that classifies an image by URL."
  value       = module.virtus_scan.classify_invoke_command
}

output "scan_role_name" {
  description = "Name of the IAM role of `scan`."
  value       = module.virtus_scan.scan_role_name
}

output "classify_role_name" {
  description = "Name of the IAM role of `classify`."
  value       = module.virtus_scan.classify_role_name
}

output "dlq_url" {
  description = "URL of the dead-letter queue of `scan`."
  value       = module.virtus_scan.dlq_url
}

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket."
  value       = module.virtus_scan.artifacts_bucket_name
}

output "model_location" {
  description = "VIRTUS_MODEL_LOCATION of both functions."
  value       = module.virtus_scan.model_location
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms."
  value       = module.virtus_scan.alarm_names
}

output "bucket_name" {
  description = "Name of the scanned bucket: upload images under uploads/."
  value       = aws_s3_bucket.uploads.id
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms: subscribe to it."
  value       = module.virtus_scan.alarm_topic_arn
}

output "enforcement_mode" {
  description = "Read enforcement in effect on the scanned bucket (`allow_real`, `deny_fake` or `off`)."
  value       = module.virtus_scan.enforcement_mode
}

output "events_event_bus_arn" {
  description = "Event bus that receives every verdict (source `virtus.scan`, detail-type `Virtus Scan Result`)."
  value       = module.virtus_scan.events_event_bus_arn
}

output "fake_notifications_topic_arn" {
  description = "SNS topic of FAKE verdicts (KMS-encrypted), fed by an EventBridge rule."
  value       = module.virtus_scan.fake_notifications_topic_arn
}

output "fake_notifications_rule_arn" {
  description = "EventBridge rule that sends FAKE verdicts to the topic."
  value       = module.virtus_scan.fake_notifications_rule_arn
}

output "fake_notifications_kms_key_arn" {
  description = "KMS key of the FAKE-verdict topic."
  value       = module.virtus_scan.fake_notifications_kms_key_arn
}

output "batch_operations_role_arn" {
  description = "Role of the S3 Batch Operations backfill jobs."
  value       = module.virtus_scan.batch_operations_role_arn
}

output "batch_operations_create_job_command" {
  description = "AWS CLI command that scans every object already under uploads/ (S3 Batch Operations, LambdaInvoke of scan)."
  value       = module.virtus_scan.batch_operations_create_job_command
}

output "marking_key_arn" {
  description = "ARN of the secret holding the HMAC-SHA256 key of the markings."
  value       = module.virtus_scan.marking_key_arn
}
