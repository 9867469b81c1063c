using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ObrasQr.AzureStorage;

/// <summary>
/// How ids become PartitionKey/RowKey values (docs/azure-tables.md). Pure functions, so they are tested without Azure.
/// </summary>
public static class TableKeys
{
    /// <summary>
    /// Azure Tables refuses '/', '\', '#', '?' and control characters in keys. SECOP ids never have them, so they stay
    /// as they are (and keep their order); anything else is escaped as %XXXX, '%' included, so the mapping is one to one.
    /// </summary>
    public static string Encode(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (!id.Any(NeedsEscape)) return id;
        var encoded = new StringBuilder(id.Length + 16);
        foreach (var c in id)
            if (NeedsEscape(c)) encoded.Append('%').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else encoded.Append(c);
        return encoded.ToString();
    }

    static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);

    /// <summary>A fixed-length key for values that may be long or come from users (idempotency keys).</summary>
    public static string Digest(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Versions sort as numbers: v0000000001, v0000000002, ...</summary>
    public static string Version(int number) => "v" + number.ToString("D10", CultureInfo.InvariantCulture);

    public const string VersionsFrom = "v";
    public const string VersionsTo = "w";

    /// <summary>Reports live in one partition per UTC month of receipt, so no partition grows without end.</summary>
    public static string Month(DateTimeOffset at) => "m" + at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>Newest first: Azure Tables returns rows in ascending key order, so the key holds the ticks left until
    /// the end of time, fixed width.</summary>
    public static string NewestFirst(DateTimeOffset at) => Ticks(InvertedTicks(at));

    public static long InvertedTicks(DateTimeOffset at) => DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks;

    public static string Ticks(long inverted) => inverted.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A report's RowKey in its month partition: received time (newest first), then its id.</summary>
    public static string ReportRow(DateTimeOffset receivedAt, string reportId) => NewestFirst(receivedAt) + "_" + Encode(reportId);

    /// <summary>The received time a report's RowKey holds (<see cref="ReportRow"/>), to the tick, in UTC.</summary>
    public static DateTimeOffset ReceivedAtOf(string reportRow) =>
        new(DateTimeOffset.MaxValue.UtcTicks - long.Parse(reportRow.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>
    /// The RowKey range of reports received in [from, to), and not after <paramref name="atOrBefore"/>: rows whose key
    /// is at least the first value and below the second. Any bound may be missing.
    /// </summary>
    public static (string? Lowest, string? Below) ReportRange(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? atOrBefore)
    {
        // received < to  <=>  inverted > inverted(to)   <=>  key >= Ticks(inverted(to) + 1)
        // received <= t  <=>  inverted >= inverted(t)  <=>  key >= Ticks(inverted(t))
        // received >= from <=> inverted <= inverted(from) <=> key <  Ticks(inverted(from) + 1)
        long? lowest = null;
        if (to is { } t) lowest = InvertedTicks(t) + 1;
        if (atOrBefore is { } a) lowest = Math.Max(lowest ?? 0, InvertedTicks(a));
        string? below = from is { } f ? Ticks(InvertedTicks(f) + 1) : null;
        return (lowest is { } l ? Ticks(l) : null, below);
    }
}
