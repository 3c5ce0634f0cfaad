// Normalizes titles so that the same paper with different casing, accents or
// punctuation is recognised as one, and derives stable ids from them.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Ranking.Text;

public static class TitleNormalizer
{
    /// <summary>Lower-case letters and digits separated by single spaces.</summary>
    public static string Normalize(string title)
    {
        var decomposed = title.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(char.ToLowerInvariant(ch));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>A short, stable fingerprint of the normalized title.</summary>
    public static string Fingerprint(string title)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(title)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }

    /// <summary>The id given to a paper published without one.</summary>
    public static string DeriveId(string title) => "t-" + Fingerprint(title);
}
