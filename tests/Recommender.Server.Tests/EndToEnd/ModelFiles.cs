// Model files for promotion tests: the shipped default model under another model_version (and,
// optionally, other combination weights), so it is a different model to the service.
using Google.Protobuf;
using Recommender.Training.Onnx.Proto;

namespace Recommender.Server.Tests.EndToEnd;

public static class ModelFiles
{
    public static string Shipped => Path.Combine(ServerProcess.RepositoryRoot(), "models", "default.onnx");

    /// <summary>The shipped model's bytes with metadata <c>model_version</c> set to <paramref name="version"/>.</summary>
    public static byte[] ShippedAs(string version) => ShippedWith("model_version", version);

    /// <summary>The shipped model's bytes with one metadata entry changed.</summary>
    public static byte[] ShippedWith(string key, string value)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Shipped));
        model.MetadataProps.Single(p => p.Key == key).Value = value;
        return model.ToByteArray();
    }

    /// <summary>The shipped model's version string.</summary>
    public static string ShippedVersion() =>
        ModelProto.Parser.ParseFrom(File.ReadAllBytes(Shipped)).MetadataProps.Single(p => p.Key == "model_version").Value;
}
