output "bucket_name" {
  description = "Name of the scanned bucket: upload images under uploads/."
  value       = aws_s3_bucket.uploads.id
}

output "scan_function_name" {
  description = "Name of the `scan` function (not triggered by the bucket here)."
  value       = module.virtus_scan.scan_function_name
}

output "scan_function_arn" {
  description = "Unqualified ARN of the `scan` function."
  value       = module.virtus_scan.scan_function_arn
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

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket."
  value       = module.virtus_scan.artifacts_bucket_name
}

output "model_location" {
  description = "VIRTUS_MODEL_LOCATION of the functions and the GPU service."
  value       = module.virtus_scan.model_location
}

output "dlq_url" {
  description = "URL of the dead-letter queue of `scan`."
  value       = module.virtus_scan.dlq_url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue of `scan`."
  value       = module.virtus_scan.dlq_arn
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms."
  value       = module.virtus_scan.alarm_names
}

output "gpu_ecr_repository_url" {
  description = "Push the GPU image here (docker tag virtus-scan-gpu <url>:<gpu_image_tag>)."
  value       = module.virtus_scan.gpu_ecr_repository_url
}

output "gpu_image" {
  description = "Image the GPU task definition runs."
  value       = module.virtus_scan.gpu_image
}

output "gpu_cluster_name" {
  description = "ECS cluster of the GPU service."
  value       = module.virtus_scan.gpu_cluster_name
}

output "gpu_service_name" {
  description = "ECS service of the GPU service."
  value       = module.virtus_scan.gpu_service_name
}

output "gpu_task_definition_arn" {
  description = "GPU task definition."
  value       = module.virtus_scan.gpu_task_definition_arn
}

output "gpu_capacity_provider_name" {
  description = "Capacity provider on the GPU Auto Scaling group."
  value       = module.virtus_scan.gpu_capacity_provider_name
}

output "gpu_autoscaling_group_name" {
  description = "Auto Scaling group of the GPU instances."
  value       = module.virtus_scan.gpu_autoscaling_group_name
}

output "gpu_queue_url" {
  description = "Queue of the bucket's S3 notifications."
  value       = module.virtus_scan.gpu_queue_url
}

output "gpu_queue_arn" {
  description = "ARN of the queue of the bucket's S3 notifications."
  value       = module.virtus_scan.gpu_queue_arn
}

output "gpu_dlq_url" {
  description = "URL of the GPU queue's DLQ."
  value       = module.virtus_scan.gpu_dlq_url
}

output "gpu_dlq_arn" {
  description = "ARN of the GPU queue's DLQ."
  value       = module.virtus_scan.gpu_dlq_arn
}

output "gpu_task_role_arn" {
  description = "GPU task role."
  value       = module.virtus_scan.gpu_task_role_arn
}

output "gpu_execution_role_arn" {
  description = "GPU task execution role."
  value       = module.virtus_scan.gpu_execution_role_arn
}

output "gpu_instance_role_arn" {
  description = "GPU container instances' role."
  value       = module.virtus_scan.gpu_instance_role_arn
}

output "gpu_log_group_name" {
  description = "Log group of the GPU containers."
  value       = module.virtus_scan.gpu_log_group_name
}

output "gpu_scaling_policy_name" {
  description = "Target-tracking policy on backlog per task."
  value       = module.virtus_scan.gpu_scaling_policy_name
}

output "enforcement_mode" {
  description = "Read enforcement in effect on the scanned bucket (`allow_real`, `deny_fake` or `off`)."
  value       = module.virtus_scan.enforcement_mode
}

output "marking_key_arn" {
  description = "ARN of the secret holding the HMAC-SHA256 key of the markings."
  value       = module.virtus_scan.marking_key_arn
}
