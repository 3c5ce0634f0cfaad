// Keys of the metadata_props that ranking models carry; written by the exporter, checked at load.
namespace Recommender.Ranking.Scoring;

public static class ModelMetadataKeys
{
    public const string InputName = "features";
    public const string ScoresName = "scores";
    public const string CombinedName = "combined";

    /// <summary>Comma-joined feature names in input column order.</summary>
    public const string FeatureNames = "feature_names";
    public const string FeatureSchemaVersion = "feature_schema_version";

    /// <summary>Comma-joined task names in output column order.</summary>
    public const string TaskNames = "task_names";

    /// <summary>Comma-joined "binary" / "real", one per task.</summary>
    public const string TaskKinds = "task_kinds";
    public const string CombinationWeights = "combination_weights";
    public const string LossWeights = "loss_weights";
    public const string NormalizationMean = "normalization_mean";
    public const string NormalizationStd = "normalization_std";
    public const string Architecture = "architecture";
    public const string DataSha256 = "data_sha256";
    public const string Seed = "seed";
    public const string Metrics = "metrics";
    public const string ModelVersion = "model_version";
}
