# A new, versioned bucket whose uploads under uploads/ (.jpg, .jpeg, .png, .webp) are scanned
# through an S3 event notification owned by the module. The bucket policy is an allow-list: an
# object under uploads/ is readable only once scan has tagged that version REAL. Verdicts go to
# EventBridge and FAKE ones to e-mail; objects uploaded before the trigger are scanned with an S3
# Batch Operations job (output batch_operations_create_job_command).

resource "aws_s3_bucket" "uploads" {
  bucket        = var.bucket_name
  bucket_prefix = var.bucket_name == null ? "${var.name}-uploads-" : null
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# enforcement_mode = "allow_real" needs versioning: a verdict is written on the version it judged,
# so a later upload to the same key can never inherit it.
resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

module "virtus_scan" {
  source = "../../"

  name              = var.name
  function_zip_path = var.function_zip_path
  runtime_mode      = var.runtime_mode
  memory_size       = var.memory_size

  model_directory                = var.model_directory
  model_file                     = var.model_file
  artifacts_bucket_name          = var.artifacts_bucket_name
  artifacts_bucket_force_destroy = var.force_destroy

  # moto ignores policy conditions: there this TLS-only Deny would deny every request.
  artifacts_deny_insecure_transport = !local.emulated

  bucket_name   = aws_s3_bucket_versioning.uploads.bucket
  scan_trigger  = "s3_notification"
  scan_prefixes = ["uploads/"]
  scan_suffixes = [".jpg", ".jpeg", ".png", ".webp"]
  write_mode    = var.write_mode

  classify_readable_bucket_names = [aws_s3_bucket.uploads.id]

  create_alarm_topic = true

  # Every verdict goes to the account's default event bus; FAKE ones are mailed.
  events_enabled            = true
  create_fake_notifications = true
  fake_notification_emails  = var.fake_notification_emails

  # Backfill: a role for S3 Batch Operations jobs that hand the objects already in uploads/ to scan.
  # Completion reports go to batch-reports/ of the same bucket, outside the scanned prefix.
  create_batch_operations_role   = true
  batch_operations_report_prefix = "batch-reports"

  # Only what was judged REAL is readable (tag protection included); admins and the functions are exempt.
  enforcement_mode            = "allow_real"
  enforcement_admin_role_arns = var.admin_role_arns

  # The bucket policy is written after public access block settings, like any bucket policy.
  depends_on = [aws_s3_bucket_public_access_block.uploads]
}
