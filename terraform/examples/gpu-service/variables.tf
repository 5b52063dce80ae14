variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "aws_endpoint_url" {
  description = "Endpoint URL for every AWS service used (an emulator such as moto_server, e.g. http://127.0.0.1:5000); null uses AWS."
  type        = string
  default     = null
}

variable "tags" {
  description = "Default tags of every resource."
  type        = map(string)
  default     = { Project = "virtus-scan" }
}

variable "name" {
  description = "Name prefix of the resources."
  type        = string
  default     = "virtus-scan-gpu"
}

variable "function_zip_path" {
  description = "Path of function.zip built by `./mvnw package` (add -Dnative for `runtime_mode = \"native\"`; the Lambda functions are deployed too)."
  type        = string
  default     = "../../../target/function.zip"
}

variable "runtime_mode" {
  description = "`jvm` (`./mvnw package`) or `native` (`-Dnative`, never built or run yet), as function.zip was built."
  type        = string
  default     = "jvm"
}

variable "model_directory" {
  description = "Model export directory written by model/export.py."
  type        = string
  default     = "../../../model/virtus"
}

variable "model_file" {
  description = "ONNX file of the export directory: `model.onnx` (fp32) or `model.int8.onnx`."
  type        = string
  default     = "model.onnx"
}

variable "bucket_name" {
  description = "Name of the new bucket to scan; null lets AWS generate one from `<name>-uploads-`."
  type        = string
  default     = null
}

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket; null lets AWS generate one from `<name>-artifacts-`."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the buckets and the ECR repository with their contents (for trials and tests)."
  type        = bool
  default     = false
}

variable "gpu_instance_type" {
  description = "GPU instance type."
  type        = string
  default     = "g4dn.xlarge"
}

variable "gpu_ami_id" {
  description = "AMI of the GPU instances; null reads the ECS GPU-optimised AMI from SSM."
  type        = string
  default     = null
}

variable "gpu_image_tag" {
  description = "Tag of the GPU image pushed to the module's ECR repository (immutable tags: use a version)."
  type        = string
  default     = "1.0.0"
}
