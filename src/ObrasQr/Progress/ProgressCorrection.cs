using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ObrasQr.Http;

namespace ObrasQr.Progress;

/// <summary>
/// What the office changes in one of its entries: each field left null keeps what the entry says; an empty text clears
/// it (the note, the location). <see cref="Version"/> is the version the person corrected, so a change made meanwhile
/// by someone else is not overwritten. From the API's PATCH body or the desk's form.
/// </summary>
public sealed record ProgressCorrection
{
    public const int MaxReason = 500;

    public int? Version { get; init; }
    public string? Date { get; init; }
    public string? Percent { get; init; }
    public string? Note { get; init; }
    public string? Latitude { get; init; }
    public string? Longitude { get; init; }
    /// <summary>Positions (from 1, as in the photos' addresses) of the photos to take off the page.</summary>
    public IReadOnlyList<int> RemovePhotos { get; init; } = [];
    /// <summary>Why: kept in the entry's history, never published. Required to delete.</summary>
    public string? Reason { get; init; }

    /// <summary>The entry as it should read, as a submission for <see cref="ProgressSubmission.Check"/>.</summary>
    public ProgressSubmission Over(ProgressEntry entry) => new()
    {
        Date = Date ?? entry.ObservedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Percent = Percent ?? entry.Percent.ToString(CultureInfo.InvariantCulture),
        Note = Note ?? entry.Note,
        Latitude = Latitude ?? entry.Latitude?.ToString("R", CultureInfo.InvariantCulture),
        Longitude = Longitude ?? entry.Longitude?.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The API's body: { version, date?, percent?, note?, location?: { lat, lon }, removePhotos?: [n], reason? };
    /// a property sent as null clears it (note, location).</summary>
    public static (ProgressCorrection? Value, FieldProblem? Problem) FromJson(JsonObject body)
    {
        try
        {
            var correction = new ProgressCorrection();
            if (body["version"] is { } version) correction = correction with { Version = version.GetValue<int>() };
            if (body.ContainsKey("date")) correction = correction with { Date = body["date"]?.GetValue<string>() ?? "" };
            if (body.ContainsKey("percent")) correction = correction with { Percent = body["percent"]?.GetValue<decimal>().ToString(CultureInfo.InvariantCulture) ?? "" };
            if (body.ContainsKey("note")) correction = correction with { Note = body["note"]?.GetValue<string>() ?? "" };
            if (body.ContainsKey("location"))
                correction = correction with
                {
                    Latitude = body["location"]?["lat"]?.GetValue<double>().ToString("R", CultureInfo.InvariantCulture) ?? "",
                    Longitude = body["location"]?["lon"]?.GetValue<double>().ToString("R", CultureInfo.InvariantCulture) ?? "",
                };
            if (body["removePhotos"] is JsonArray remove) correction = correction with { RemovePhotos = remove.Select(n => n!.GetValue<int>()).ToList() };
            if (body["reason"] is { } reason) correction = correction with { Reason = reason.GetValue<string>() };
            return (correction, null);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or JsonException)
        {
            return (null, new FieldProblem("body", "Revise los tipos: version y cada número de removePhotos son enteros, percent un número, " +
                "location { lat, lon } números, date, note y reason textos."));
        }
    }

    /// <summary>The desk's forms, with the names of the recording form plus version, quitar-foto (one per photo) and motivo.</summary>
    public static ProgressCorrection FromForm(IFormCollection form)
    {
        var submission = ProgressRequest.FromForm(form);
        return new()
        {
            Version = int.TryParse(FormBody.First(form, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null,
            Date = submission.Date,
            Percent = submission.Percent,
            Note = submission.Note ?? (form.ContainsKey("note") ? "" : null),
            Latitude = submission.Latitude ?? (form.ContainsKey("lat") ? "" : null),
            Longitude = submission.Longitude ?? (form.ContainsKey("lon") ? "" : null),
            RemovePhotos = [.. form["quitar-foto"].Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 0)],
            Reason = FormBody.First(form, "motivo"),
        };
    }
}
