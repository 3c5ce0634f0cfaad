namespace Recommender.Training.Onnx;

/// <summary>Provenance the exporter cannot know from the model itself.</summary>
/// <param name="FeatureSchemaVersion">e.g. PairFeatures.SchemaVersion when the columns are the service's pair features.</param>
/// <param name="DataSha256">Hash of the training file; null → the hash of the training arrays from the report.</param>
/// <param name="Metrics">Extra figures (e.g. validation AUC per task) stored as "key=value;…".</param>
public sealed record ModelMetadata(string FeatureSchemaVersion = "custom", string? DataSha256 = null, IReadOnlyDictionary<string, string>? Metrics = null);
