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
  description = "Name prefix of the resources (functions `<name>-scan` and `<name>-classify`)."
  type        = string
  default     = "virtus-scan"
}

variable "function_zip_path" {
  description = "Path of function.zip built by `./mvnw package -Dnative` (or without -Dnative for `runtime_mode = \"jvm\"`)."
  type        = string
  default     = "../../../target/function.zip"
}

variable "runtime_mode" {
  description = "`native` or `jvm`, as function.zip was built."
  type        = string
  default     = "native"
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

variable "memory_size" {
  description = "Memory of each function in MB: 3008 for the fp32 model, 2048 is enough for int8."
  type        = number
  default     = 3008
}

variable "bucket_name" {
  description = "Name of the new bucket to scan; null lets AWS generate one from `<name>-uploads-`."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the buckets with their objects (for trials and tests)."
  type        = bool
  default     = false
}

variable "admin_role_arns" {
  description = "IAM role ARNs that may still read objects tagged FAKE."
  type        = list(string)
  default     = []
}

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket (function.zip and the model); null lets AWS generate one from `<name>-artifacts-`."
  type        = string
  default     = null
}
