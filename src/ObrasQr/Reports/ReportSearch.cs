using System.Text.RegularExpressions;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.Contracts;

namespace ObrasQr.Reports;

/// <summary>
/// The desk's one search box: what an auditor has at hand when a citizen calls or writes. In order: the citizen's
/// tracking code (by its hash, a point read), the report's id (a point read), a contract id, then the desk's short id
/// (the last 8 characters the desk shows, or the first ones) or words of the work's name or the description (accents
/// and case ignored, as the works index does: <see cref="WorkSummary.Fold"/>). Only reports the caller may see.
/// </summary>
public static partial class ReportSearch
{
    public const int MaxLength = 200, MaxResults = 50;
    /// <summary>Short ids and words are looked for among this many of the entity's newest reports. On Azure that is
    /// up to 4 pages of 500 rows read (about 2,000 row reads and a few MB sent), plus one point read per distinct
    /// contract for the works' names; on SQLite a few milliseconds.</summary>
    public const int ScanLimit = 2000;
    const int ScanPage = 500;

    public static async Task<IReadOnlyList<Report>> FindAsync(string text, Caller caller, IReportStore reports, WorksCatalog catalog, CancellationToken ct)
    {
        var q = text.Trim();
        if (TrackingCode.IsWhole(q) && await reports.FindByTrackingHashAsync(TrackingCode.Hash(q), ct) is { } byCode && caller.Sees(byCode.EntityNit))
            return [byCode];
        var id = q.ToLowerInvariant();
        if (FullId().IsMatch(id) && await reports.FindAsync(id, ct) is { } byId && caller.Sees(byId.EntityNit))
            return [byId];
        var byContract = await reports.ListAsync(new ReportQuery { EntityNit = caller.EntityNit, ContractId = q, Take = MaxResults }, ct);
        if (byContract.Count > 0) return byContract;

        var shortId = ShortId().IsMatch(id) ? id : null;
        var words = WorkSummary.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return [];
        var found = new List<Report>();
        var page = new ReportQuery { EntityNit = caller.EntityNit, Take = ScanPage };
        for (var read = 0; read < ScanLimit && found.Count < MaxResults; read += ScanPage)
        {
            var batch = await reports.ListAsync(page, ct);
            var names = await WorkName.OfAsync(catalog, batch.Select(r => r.ContractId), ct);
            foreach (var r in batch)
            {
                if (shortId is not null && (r.ReportId.EndsWith(shortId, StringComparison.Ordinal) || r.ReportId.StartsWith(shortId, StringComparison.Ordinal)))
                    found.Add(r);
                else if (Matches(words, r, names.GetValueOrDefault(r.ContractId)))
                    found.Add(r);
                if (found.Count == MaxResults) break;
            }
            if (batch.Count < ScanPage) break;
            page = page with { After = (batch[^1].ReceivedAt, batch[^1].ReportId) };
        }
        return found;
    }

    static bool Matches(string[] words, Report report, string? workName)
    {
        var text = WorkSummary.Fold($"{workName} {report.Description}");
        return words.All(w => text.Contains(w, StringComparison.Ordinal));
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex FullId();

    [GeneratedRegex("^[0-9a-f]{6,31}$")]
    private static partial Regex ShortId();
}
