# A new bucket whose uploads under uploads/ are scanned by the GPU service: S3 sends the
# notifications to an SQS queue, GPU tasks on ECS (g4dn.xlarge) consume it and tag the objects,
# scaling on backlog per task. The Lambda `classify` function is deployed too.

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

# A small VPC over two zones: the GPU instances and the tasks' network interfaces (awsvpc) in
# private subnets, reaching ECR, S3, SQS, ECS and CloudWatch through one NAT gateway in a public
# subnet (one per zone, or VPC endpoints, in production).
resource "aws_vpc" "this" {
  cidr_block           = "10.42.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "${var.name}-gpu" }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  count = length(local.azs)

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)

  tags = { Name = "${var.name}-gpu-public-${local.azs[count.index]}" }
}

resource "aws_subnet" "private" {
  count = length(local.azs)

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, 10 + count.index)

  tags = { Name = "${var.name}-gpu-private-${local.azs[count.index]}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}

resource "aws_route_table_association" "public" {
  count = length(aws_subnet.public)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = { Name = "${var.name}-gpu-nat" }
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id

  tags = { Name = "${var.name}-gpu" }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this.id
  }
}

resource "aws_route_table_association" "private" {
  count = length(aws_subnet.private)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

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

module "virtus_scan" {
  source = "../../"

  name              = var.name
  function_zip_path = var.function_zip_path
  runtime_mode      = var.runtime_mode

  model_directory                = var.model_directory
  model_file                     = var.model_file
  artifacts_bucket_name          = var.artifacts_bucket_name
  artifacts_bucket_force_destroy = var.force_destroy

  # moto ignores policy conditions: there this TLS-only Deny would deny every request.
  artifacts_deny_insecure_transport = !local.emulated

  bucket_name   = aws_s3_bucket.uploads.id
  scan_trigger  = "s3_notification"
  scan_target   = "gpu_service"
  scan_prefixes = ["uploads/"]
  scan_suffixes = [".jpg", ".png"]

  create_gpu_service           = true
  gpu_vpc_id                   = aws_vpc.this.id
  gpu_subnet_ids               = aws_subnet.private[*].id
  gpu_instance_type            = var.gpu_instance_type
  gpu_ami_id                   = var.gpu_ami_id
  gpu_image_tag                = var.gpu_image_tag
  gpu_ecr_image_tag_mutability = "IMMUTABLE"
  gpu_ecr_force_delete         = var.force_destroy
  gpu_min_capacity             = 1
  gpu_max_capacity             = 3
  gpu_max_instances            = 3

  enforce_protect_tags = true

  depends_on = [aws_s3_bucket_public_access_block.uploads, aws_route_table_association.private, aws_route_table_association.public]
}
