# Seed 003's Glue job: reads the CSV file the state machine names and appends it to an Iceberg
# table in the Glue Data Catalog (warehouse on the lake bucket, under Lake Formation).
# Glue passes the job's default arguments and the state machine's run arguments as --NAME VALUE.
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(
    sys.argv, ["JOB_NAME", "source_path", "database", "table", "warehouse"])

spark_context = SparkContext()
glue_context = GlueContext(spark_context)
spark = glue_context.spark_session
spark.conf.set("spark.sql.catalog.glue_catalog", "org.apache.iceberg.spark.SparkCatalog")
spark.conf.set("spark.sql.catalog.glue_catalog.catalog-impl",
               "org.apache.iceberg.aws.glue.GlueCatalog")
spark.conf.set("spark.sql.catalog.glue_catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
spark.conf.set("spark.sql.catalog.glue_catalog.warehouse", args["warehouse"])

job = Job(glue_context)
job.init(args["JOB_NAME"], args)

frame = spark.read.option("header", "true").option("inferSchema", "true").csv(args["source_path"])
target = f"glue_catalog.{args['database']}.{args['table']}"
if spark.catalog.tableExists(target):
    frame.writeTo(target).append()
else:
    frame.writeTo(target).using("iceberg").create()

job.commit()
