// A stored paper's row payload: Orleans' binary format (fields matched by [Id], so the
// records can grow), without its topics, which live in their own table.
using Orleans.Serialization;
using Recommender.Abstractions.Papers;

namespace Recommender.Storage.Papers;

public sealed class PaperPayloads(Serializer<StoredPaper> serializer)
{
    public byte[] Write(StoredPaper paper) => serializer.SerializeToArray(paper with { Topics = [] });

    public StoredPaper Read(byte[] payload, IReadOnlyList<TopicMatch> topics) =>
        (serializer.Deserialize(payload) ?? throw new InvalidDataException("A stored paper's payload is empty.")) with { Topics = topics };
}
