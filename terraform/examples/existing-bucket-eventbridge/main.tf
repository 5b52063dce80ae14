# A bucket that already exists and whose notification configuration belongs to something else:
# scan is triggered by an EventBridge rule on the bucket's "Object Created" events, and the
# smaller int8 model is used.

data "aws_s3_bucket" "scanned" {
  bucket = var.bucket_name
}

module "virtus_scan" {
  source = "../../"

  name              = var.name
  function_zip_path = var.function_zip_path
  runtime_mode      = var.runtime_mode
  memory_size       = var.memory_size

  model_directory                = var.model_directory
  model_file                     = var.model_file
  artifacts_bucket_force_destroy = var.force_destroy

  # moto ignores policy conditions: there this TLS-only Deny would deny every request.
  artifacts_deny_insecure_transport = !local.emulated

  bucket_name                = data.aws_s3_bucket.scanned.id
  scan_trigger               = "eventbridge"
  create_bucket_notification = var.manage_bucket_notification
  scan_prefixes              = var.scan_prefixes
  write_mode                 = var.write_mode
}
