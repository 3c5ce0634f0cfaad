// Software prefetch for loops that visit hundreds of users' or papers' data in cold memory (a
// fan-out round, a feed read): asking for all their lines in one short pass first lets the cache
// misses overlap, where the working loop itself would wait for them one after another.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Ranking.Embedding;

public static class CacheLines
{
    private const int LineBytes = 64;

    /// <summary>Asks the CPU to start loading the first cache line of an object (its type and first fields); a hint only.</summary>
    public static unsafe void Prefetch(object? value)
    {
        if (Sse.IsSupported && value is not null)
        {
            // A reference is the object's address: read from the argument's own slot, with nothing to pin.
            Sse.Prefetch0(*(void**)Unsafe.AsPointer(ref value));
        }
    }

    /// <summary>Asks the CPU to start loading every cache line of <paramref name="values"/>; a hint only (no effect where the CPU has no prefetch instruction).</summary>
    public static unsafe void Prefetch<T>(ReadOnlySpan<T> values)
    {
        if (!Sse.IsSupported || values.IsEmpty)
        {
            return;
        }
        // Not pinned: should the GC move the array meanwhile, the hints land on its old place, which is
        // harmless (a prefetch never faults); they are only wasted.
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(values));
        var bytes = values.Length * Unsafe.SizeOf<T>();
        for (var offset = 0; offset < bytes; offset += LineBytes)
        {
            Sse.Prefetch0(start + offset);
        }
        Sse.Prefetch0(start + bytes - 1);
    }
}
