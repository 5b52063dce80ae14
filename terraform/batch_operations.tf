################################################################################
# Backfill (optional): the role S3 Batch Operations uses to hand existing objects to scan
################################################################################

locals {
  batch_operations = var.create_batch_operations_role

  batch_report_bucket_arn = "arn:${local.partition}:s3:::${coalesce(var.batch_operations_report_bucket_name, var.bucket_name)}"
  batch_report_prefix     = trimsuffix(var.batch_operations_report_prefix, "/")

  # The manifest (an S3 Inventory manifest.json or a CSV you wrote): by default under the report prefix.
  batch_manifest_bucket_arn = "arn:${local.partition}:s3:::${coalesce(var.batch_operations_manifest_bucket_name, var.batch_operations_report_bucket_name, var.bucket_name)}"
  batch_manifest_prefix     = coalesce(var.batch_operations_manifest_prefix, "${local.batch_report_prefix}/")

  # S3JobManifestGenerator's filter: the trigger's prefixes and suffixes where there are some.
  batch_key_name_constraint = merge(
    length(var.scan_prefixes) > 0 ? { MatchAnyPrefix = var.scan_prefixes } : {},
    length(var.scan_suffixes) > 0 ? { MatchAnySuffix = var.scan_suffixes } : {},
  )
}

data "aws_iam_policy_document" "batch_operations_assume_role" {
  statement {
    sid     = "BatchOperationsAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["batchoperations.s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "batch_operations" {
  count = local.batch_operations ? 1 : 0

  name                 = "${var.name}-batch-operations"
  description          = "Role of S3 Batch Operations jobs that hand the objects of ${var.bucket_name} to ${var.name}-scan."
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.batch_operations_assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "batch_operations" {
  count = local.batch_operations ? 1 : 0

  # The operation: LambdaInvoke of scan, the same version (or $LATEST) the trigger invokes.
  statement {
    sid       = "InvokeScan"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = [local.scan_target_arn]
  }

  # The manifest generator lists the scanned bucket (it never reads an object).
  statement {
    sid       = "ListScannedBucket"
    effect    = "Allow"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "ReadManifest"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${local.batch_manifest_bucket_arn}/${local.batch_manifest_prefix}*"]
  }

  # Completion reports, and a generated manifest when it is kept (EnableManifestOutput).
  statement {
    sid       = "WriteReportsAndGeneratedManifests"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.batch_report_bucket_arn}/${local.batch_report_prefix}/*"]
  }

  statement {
    sid       = "LocateReportAndManifestBuckets"
    effect    = "Allow"
    actions   = ["s3:GetBucketLocation"]
    resources = distinct([local.batch_report_bucket_arn, local.batch_manifest_bucket_arn])
  }
}

resource "aws_iam_role_policy" "batch_operations" {
  count = local.batch_operations ? 1 : 0

  name   = "${var.name}-batch-operations"
  role   = aws_iam_role.batch_operations[0].id
  policy = data.aws_iam_policy_document.batch_operations[0].json
}

locals {
  batch_create_job_command = local.batch_operations ? join(" ", [
    "aws s3control create-job",
    "--account-id ${local.account_id}",
    "--region ${local.region}",
    "--operation '${jsonencode({ LambdaInvoke = { FunctionArn = local.scan_target_arn, InvocationSchemaVersion = "2.0" } })}'",
    "--manifest-generator '${jsonencode({ S3JobManifestGenerator = merge(
      {
        ExpectedBucketOwner  = local.bucket_owner_account_id
        SourceBucket         = local.bucket_arn
        EnableManifestOutput = false
      },
      length(local.batch_key_name_constraint) > 0 ? { Filter = { KeyNameConstraint = local.batch_key_name_constraint } } : {},
    ) })}'",
    "--report '${jsonencode({
      Bucket      = local.batch_report_bucket_arn
      Prefix      = local.batch_report_prefix
      Format      = "Report_CSV_20180820"
      Enabled     = true
      ReportScope = "AllTasks"
    })}'",
    "--priority ${var.batch_operations_priority}",
    "--role-arn ${aws_iam_role.batch_operations[0].arn}",
    "--description '${var.name} backfill of ${var.bucket_name}'",
    "--no-confirmation-required",
  ]) : null
}
