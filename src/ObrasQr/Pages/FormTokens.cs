using System.Security.Cryptography;

namespace ObrasQr.Pages;

/// <summary>
/// The form's idempotency tokens: 16 bytes from the operating system's cryptographic generator, as 32 lower-case hex
/// characters. They must stay unguessable (a guessed token would let someone file first under another citizen's key),
/// so they keep coming from <see cref="RandomNumberGenerator"/>; the bytes are drawn 4 KB at a time per thread
/// because one OpenSSL call per page view was about 4 % of the server's CPU on the page bench.
/// </summary>
public static class FormTokens
{
    public const int Length = 32;
    const int RawLength = Length / 2;

    [ThreadStatic] static byte[]? pool;
    [ThreadStatic] static int used;

    /// <summary>Writes a new token, as ASCII, into <paramref name="destination"/> (<see cref="Length"/> bytes).</summary>
    public static void Next(Span<byte> destination)
    {
        if (destination.Length != Length) throw new ArgumentException($"A token is {Length} bytes.", nameof(destination));
        if (pool is null || used + RawLength > pool.Length)
        {
            pool ??= new byte[4096];
            RandomNumberGenerator.Fill(pool);
            used = 0;
        }
        var raw = pool.AsSpan(used, RawLength);
        for (var i = 0; i < RawLength; i++)
        {
            destination[2 * i] = Hex[raw[i] >> 4];
            destination[2 * i + 1] = Hex[raw[i] & 0xF];
        }
        raw.Clear(); // a token handed out is not kept in memory after it is sent
        used += RawLength;
    }

    static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;
}
