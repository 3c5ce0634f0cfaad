// A 32-bit hash of a paper id that every process computes alike (unlike string.GetHashCode),
// so a page token made on one silo is read on any other.
using System.Text;

namespace Recommender.Grains.Papers;

public static class PaperIdHash
{
    /// <summary>FNV-1a over the id's UTF-8 bytes.</summary>
    public static uint Of(string paperId)
    {
        var hash = 2166136261u;
        if (Ascii.IsValid(paperId))
        {
            // Paper ids are ASCII (the API validates them): their UTF-8 bytes are their chars, no copy needed.
            foreach (var c in paperId)
            {
                hash = (hash ^ c) * 16777619u;
            }
            return hash;
        }
        foreach (var b in Encoding.UTF8.GetBytes(paperId))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
