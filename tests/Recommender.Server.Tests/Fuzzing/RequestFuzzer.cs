// Builds random requests for any RPC from its protobuf descriptor: odd strings (empty, huge,
// control characters, emoji), extreme numbers, unknown enum values, nested messages; and,
// sometimes, mangles the encoded bytes (flipped bytes, truncation, garbage) into input that is
// not a valid message at all.
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Recommender.Server.Tests.Fuzzing;

public sealed class RequestFuzzer(int seed)
{
    private static readonly string[] Strings =
    [
        "", " ", "ada", "graph-learning", "user:0123", "0123", "p1", "../../etc/passwd", "a b c", "\u0000", "\uD83D\uDE00 emoji",
        "\u202Eright-to-left", "'; DROP TABLE recommender_papers; --", "<script>alert(1)</script>", "ÄÖÜ", "Europe/Berlin", "Not/AZone",
        "smtp://127.0.0.1:1", "https://example.org/x", "bob@example.org", "@", "o1:MTA=", "cDE6OTk5",
    ];

    private readonly Random random = new(seed);

    /// <summary>The encoded request and whether it was mangled (so it may not even parse).</summary>
    public (byte[] Bytes, bool Mangled) Next(MessageDescriptor descriptor)
    {
        var bytes = Fill(descriptor, depth: 0).ToByteArray();
        if (random.NextDouble() >= 0.25)
        {
            return (bytes, false);
        }
        return (Mangle(bytes), true);
    }

    private IMessage Fill(MessageDescriptor descriptor, int depth)
    {
        var message = descriptor.Parser.ParseFrom([]);
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (random.NextDouble() < 0.3 || field.IsMap)
            {
                continue;
            }
            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                var count = random.NextDouble() < 0.05 ? 2000 : random.Next(0, 4);
                for (var i = 0; i < count; i++)
                {
                    if (Value(field, depth) is { } item)
                    {
                        list.Add(item);
                    }
                }
            }
            else if (Value(field, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    private object? Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Text(),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Number(),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Number(),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)Math.Abs(Number() % uint.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)Math.Abs(Number()),
        FieldType.Bool => random.Next(2) == 1,
        FieldType.Float => (float)Real(),
        FieldType.Double => Real(),
        FieldType.Bytes => ByteString.CopyFrom(Garbage(random.Next(0, 64))),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(-2, 12)),
        FieldType.Message when depth < 3 => Fill(field.MessageType, depth + 1),
        _ => null,
    };

    private string Text() => random.Next(10) switch
    {
        0 => new string('x', random.Next(1_000, 300_000)),
        1 => new string((char)random.Next(0x20, 0x2FFF), random.Next(1, 200)),
        _ => Strings[random.Next(Strings.Length)],
    };

    private long Number() => random.Next(8) switch
    {
        0 => int.MaxValue,
        1 => int.MinValue,
        2 => long.MaxValue,
        3 => -1,
        4 => 0,
        _ => random.Next(-1000, 100_000),
    };

    private double Real() => random.Next(6) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => -1e308,
        _ => random.NextDouble() * 2 - 1,
    };

    private byte[] Mangle(byte[] bytes)
    {
        var copy = bytes.ToList();
        switch (random.Next(3))
        {
            case 0 when copy.Count > 0:
                for (var i = 0; i < 1 + copy.Count / 20; i++)
                {
                    copy[random.Next(copy.Count)] = (byte)random.Next(256);
                }
                break;
            case 1 when copy.Count > 1:
                var keep = random.Next(1, copy.Count);
                copy.RemoveRange(keep, copy.Count - keep);
                break;
            default:
                copy.AddRange(Garbage(random.Next(1, 32)));
                break;
        }
        return copy.ToArray();
    }

    private byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
