using System.Globalization;
using ObrasQr.Http;

namespace ObrasQr.Progress;

/// <summary>
/// A progress entry as the office sends it (JSON body, multipart fields or the desk's form), every field as text or
/// number so that each wrong value gets its own Spanish reason instead of a parser's message.
/// </summary>
public sealed record ProgressSubmission
{
    public const int MaxNote = 500;

    /// <summary>The day observed, yyyy-MM-dd.</summary>
    public string? Date { get; init; }
    /// <summary>Physical % executed; text in forms ("42,5" or "42.5").</summary>
    public string? Percent { get; init; }
    public string? Note { get; init; }
    public string? Latitude { get; init; }
    public string? Longitude { get; init; }

    /// <summary>The entry's checked values, or the first problem in Spanish. <paramref name="previous"/> is the entry
    /// observed last on or before this one's day: a lower % than it is a correction or a setback, which the page
    /// would show as such, so it needs a note that explains it.</summary>
    public (Checked? Value, FieldProblem? Problem) Check(DateOnly today, IReadOnlyList<ProgressEntry> latestFirst)
    {
        if (string.IsNullOrWhiteSpace(Date))
            return Refuse("date", "Escriba la fecha en que se observó el avance.");
        if (!DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Refuse("date", "La fecha debe tener la forma año-mes-día, por ejemplo 2026-11-30.");
        if (day > today)
            return Refuse("date", $"La fecha no puede ser posterior a hoy ({today:yyyy-MM-dd}): registre lo que ya se observó.");
        if (day.Year < 2000)
            return Refuse("date", "La fecha debe ser del año 2000 en adelante.");

        if (string.IsNullOrWhiteSpace(Percent))
            return Refuse("percent", "Escriba el porcentaje de avance físico ejecutado, de 0 a 100.");
        if (!decimal.TryParse(Percent.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var percent))
            return Refuse("percent", "El porcentaje debe ser un número de 0 a 100, por ejemplo 42,5.");
        if (percent is < 0 or > 100)
            return Refuse("percent", "El porcentaje de avance físico va de 0 a 100.");
        if (decimal.Round(percent, 1) != percent)
            return Refuse("percent", "Use como máximo un decimal en el porcentaje (por ejemplo 42,5).");

        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim().ReplaceLineEndings("\n");
        if (note is { Length: > MaxNote })
            return Refuse("note", $"La nota admite hasta {MaxNote} caracteres; tiene {note.Length}.");
        if (latestFirst.FirstOrDefault(e => e.ObservedOn <= day) is { } previous && percent < previous.Percent && note is null)
            return Refuse("note", $"El avance baja de {ProgressEntries.Percent(previous.Percent)} (registro del {previous.ObservedOn:yyyy-MM-dd}) a " +
                $"{ProgressEntries.Percent(percent)}: escriba en la nota por qué (una corrección, un daño, una demolición).");

        var hasLat = !string.IsNullOrWhiteSpace(Latitude);
        var hasLon = !string.IsNullOrWhiteSpace(Longitude);
        if (hasLat != hasLon)
            return Refuse("location", "Escriba la latitud y la longitud, o deje ambas vacías.");
        double? lat = null, lon = null;
        if (hasLat)
        {
            if (!TryCoordinate(Latitude!, out var la) || !TryCoordinate(Longitude!, out var lo))
                return Refuse("location", "La latitud y la longitud deben ser números en grados decimales (WGS84), por ejemplo 10.3910 y -75.4794.");
            if (la is < -90 or > 90) return Refuse("location", "La latitud va de -90 a 90 grados.");
            if (lo is < -180 or > 180) return Refuse("location", "La longitud va de -180 a 180 grados.");
            if (!ColombiaBounds.Contains(la, lo))
                return Refuse("location", "El punto queda fuera de Colombia (latitud de -4,3 a 16,2 y longitud de -82 a -66,8, " +
                    "con San Andrés y Providencia): revise que la longitud sea negativa y que latitud y longitud no estén intercambiadas.");
            (lat, lon) = (la, lo);
        }
        return (new Checked(day, percent, note, lat, lon), null);
    }

    public sealed record Checked(DateOnly ObservedOn, decimal Percent, string? Note, double? Latitude, double? Longitude);

    static (Checked?, FieldProblem?) Refuse(string field, string reason) =>
        (null, new FieldProblem(field, reason));

    static bool TryCoordinate(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
