using System.Security.Cryptography;
using System.Text;

namespace ObrasQr.Reports;

/// <summary>
/// The reporter's private key to follow a report: 100 random bits as 20 Crockford base-32 characters in groups of
/// four (easy to read aloud: no I, L, O or U). Only its hash is stored.
/// </summary>
public static class TrackingCode
{
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const int Length = 20;

    public static string New()
    {
        Span<byte> random = stackalloc byte[Length];
        RandomNumberGenerator.Fill(random);
        var chars = new StringBuilder(Length + 4);
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 4 == 0) chars.Append('-');
            chars.Append(Alphabet[random[i] & 31]); // 32 divides 256: no bias
        }
        return chars.ToString();
    }

    /// <summary>Upper-case, no separators, and the look-alikes people type read as Crockford does.</summary>
    public static string Normalize(string input)
    {
        var chars = new StringBuilder(input.Length);
        foreach (var c in input.ToUpperInvariant())
        {
            var mapped = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (Alphabet.Contains(mapped)) chars.Append(mapped);
        }
        return chars.ToString();
    }

    /// <summary>Whether the input holds a whole code, however it was typed (case, dashes, spaces).</summary>
    public static bool IsWhole(string input) => Normalize(input).Length == Length;

    public static string Hash(string input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(input))));
}
