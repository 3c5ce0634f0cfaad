// A write that would compare vectors of two different encoders (e.g. a seed paper encoded by
// another encoder than the user's interests): refused until the catalogue is re-encoded.
namespace Recommender.Abstractions;

[GenerateSerializer, Alias("recommender.EncoderMismatchException")]
public sealed class EncoderMismatchException : Exception
{
    public EncoderMismatchException(string field, string expected, string actual)
        : base($"{field}: encoded by '{actual}', but the vectors it would be compared with come from '{expected}'; " +
            "vectors of two encoders are never compared (re-encode the catalogue with one encoder first)")
    {
        Field = field;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The request field that named the mismatching entity, e.g. "paper_id".</summary>
    [Id(0)] public string Field { get; }
    [Id(1)] public string Expected { get; }
    [Id(2)] public string Actual { get; }
}
