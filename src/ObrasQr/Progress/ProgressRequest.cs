using System.Globalization;
using Microsoft.AspNetCore.Http;
using ObrasQr.Reports;
using ObrasQr.Withdrawals;

namespace ObrasQr.Progress;

/// <summary>The API's JSON body: { date, percent, note, location: { lat, lon } }.</summary>
public sealed record ProgressRequest(string? Date, decimal? Percent, string? Note, ProgressLocation? Location)
{
    public ProgressSubmission ToSubmission() => new()
    {
        Date = Date,
        Percent = Percent?.ToString(CultureInfo.InvariantCulture),
        Note = Note,
        Latitude = Location?.Lat?.ToString("R", CultureInfo.InvariantCulture),
        Longitude = Location?.Lon?.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The API's multipart fields and the desk's form, which share their names with the JSON (location.lat or lat).</summary>
    public static ProgressSubmission FromForm(IFormCollection form) => new()
    {
        Date = Http.FormBody.First(form, "date"),
        Percent = Http.FormBody.First(form, "percent"),
        Note = Http.FormBody.First(form, "note"),
        Latitude = Http.FormBody.First(form, "location.lat", "lat"),
        Longitude = Http.FormBody.First(form, "location.lon", "lon"),
    };
}

/// <summary>WGS84 decimal degrees.</summary>
public sealed record ProgressLocation(double? Lat, double? Lon);

/// <summary>An entry as the open data publishes it: what its source stated (the office or SECOP II), never who typed it.
/// <paramref name="Version"/> grows with each correction (a correction names the version it corrects).</summary>
public sealed record ProgressItem(string EntryId, DateOnly Date, decimal Percent, string? Note, IReadOnlyList<string> Photos,
    ProgressLocation? Location, DateTimeOffset RecordedAt, string Source, int Version)
{
    public const string Office = "oficina de contratación";
    public const string Secop = "SECOP II (ejecución del contrato, datos.gov.co mfmm-jqmq)";

    public static ProgressItem Of(ProgressEntry e) => new(e.EntryId, e.ObservedOn, e.Percent, e.Note,
        e.ShownPhotos.Select(n => ProgressEntries.PhotoUrl(e, n)).ToList(),
        e.Latitude is { } lat && e.Longitude is { } lon ? new ProgressLocation(lat, lon) : null, e.RecordedAt,
        e.Source == ProgressSource.Secop ? Secop : Office, e.Version);
}

/// <summary>GET /api/contracts/{contractId}/avances: every entry, newest observation first; none, and
/// <paramref name="Withdrawal"/> when and why, while the entity has the work withdrawn from publication (as the contract's detail).</summary>
public sealed record ProgressList(string ContractId, IReadOnlyList<ProgressItem> Entries, WithdrawalNotice? Withdrawal = null);
