using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Secop;

namespace ObrasQr.Sync;

/// <summary>
/// One row of SECOP II's "Ejecución de contratos" (datos.gov.co mfmm-jqmq), only its five documented fields
/// (its dataset page on datos.gov.co), as SODA sends them: text, numbers included. Anything else the row carries is not read.
/// </summary>
public sealed record ExecutionRow(string? ContractId, string? ExpectedPercent, string? RealPercent, string? ExpectedDelivery, string? RealDelivery)
{
    /// <summary>A SODA page: a JSON array of objects. Throws <see cref="JsonException"/> on anything else.</summary>
    public static IReadOnlyList<ExecutionRow> ReadPage(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("Se esperaba una lista JSON de filas.");
        var rows = new List<ExecutionRow>();
        foreach (var row in document.RootElement.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object) throw new JsonException("Una fila no es un objeto JSON.");
            rows.Add(new ExecutionRow(Field(row, "identificadorcontrato"), Field(row, "porcentajedeavanceesperado"),
                Field(row, "porcentaje_de_avance_real"), Field(row, "fechadeentregaesperada"), Field(row, "fechadeentregareal")));
        }
        return rows;
    }

    // SODA sends numbers as strings; a raw number or anything else is kept as its text and judged by the rules.
    static string? Field(JsonElement row, string name) => !row.TryGetProperty(name, out var value) ? null : value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}

/// <summary>What one execution row gives: an entry, or the reason it gives none (in Spanish, for the run's report).</summary>
public sealed record ExecutionReading(ProgressEntry? Entry, string? Refusal);

/// <summary>
/// The rules that turn an execution row into what a contract page may claim, all here. SECOP II's figures are the
/// entity's own statements published by Colombia Compra Eficiente (Ley 1150 de 2007 art. 3, Decreto 1082 de 2015
/// art. 2.2.1.1.1.7.1: the entity publishes its contract's execution in SECOP); ObrasQr repeats them, attributed, never
/// stronger: a row becomes an entry only when it states a real progress figure observed on a real delivery date that
/// has already come, and the expected figures go in the note as SECOP states them.
/// </summary>
public static class SecopExecution
{
    public const string RecordedBy = "SECOP II (datos.gov.co mfmm-jqmq)";

    public static ExecutionReading Read(ExecutionRow row, DateOnly today, DateTimeOffset now)
    {
        var contractId = row.ContractId?.Trim() ?? "";
        var real = Percent(row.RealPercent, "El avance real", "porcentaje_de_avance_real");
        if (real.Refusal is not null) return new(null, real.Refusal);
        var delivered = Day(row.RealDelivery, "La fecha de entrega real", "fechadeentregareal");
        if (delivered.Refusal is not null) return new(null, delivered.Refusal);
        // A delivery dated after today is a plan or a typo, not progress anyone observed.
        if (delivered.Value > today)
            return new(null, $"La fecha de entrega real ({ContractChanges.Date(delivered.Value)}) es posterior a hoy: no es un avance observado.");

        var expected = Percent(row.ExpectedPercent, "", "");
        var expectedOn = Day(row.ExpectedDelivery, "", "");
        return new(new ProgressEntry
        {
            EntryId = EntryId(contractId, row),
            ContractId = contractId,
            ObservedOn = delivered.Value!.Value,
            Percent = real.Value!.Value,
            Note = Note(real.Value.Value, delivered.Value.Value, expected.Value, expectedOn.Value),
            RecordedBy = RecordedBy,
            RecordedAt = now,
            Source = ProgressSource.Secop,
        }, null);
    }

    /// <summary>
    /// A percent is a number from 0 to 100 in invariant decimal text ("40", "42.75"). Cut, never rounded, to the one
    /// decimal entries keep: 99.96 must not read "100 %", a finished work.
    /// </summary>
    static (decimal? Value, string? Refusal) Percent(string? text, string what, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, $"SECOP II no publica {Lower(what)} ({field} vacío).");
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return (null, $"{what} «{Shown(text)}» no es un número.");
        if (value is < 0 or > 100) return (null, $"{what} ({Shown(text)}) está fuera de 0 a 100.");
        return (Math.Truncate(value * 10) / 10, null);
    }

    /// <summary>SODA's floating timestamps (2024-03-05T00:00:00.000) and plain dates, read by SECOP's own date parser.</summary>
    static (DateOnly? Value, string? Refusal) Day(string? text, string what, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, $"SECOP II no publica {Lower(what)} ({field} vacía).");
        if (!SecopValues.TryDate(text, out var date) || date is null) return (null, $"{what} «{Shown(text)}» no es una fecha.");
        return (DateOnly.FromDateTime(date.Value), null);
    }

    static string Lower(string what) => what.Length == 0 ? what : char.ToLowerInvariant(what[0]) + what[1..];

    // A refused value is echoed so the office can find the row, but short: it is SECOP's text, not ours.
    static string Shown(string text) => text.Trim() is var t && t.Length > 20 ? t[..20] + "…" : text.Trim();

    /// <summary>Worded as SECOP states it: the real figure at a delivery, then what was expected for it, if stated.</summary>
    static string Note(decimal real, DateOnly delivered, decimal? expected, DateOnly? expectedOn)
    {
        var note = new StringBuilder($"Según SECOP II (ejecución del contrato): avance real {ProgressEntries.Percent(real)} en la entrega del {ContractChanges.Date(delivered)}");
        if (expected is { } e && expectedOn is { } on)
            note.Append($"; avance esperado para esa entrega {ProgressEntries.Percent(e)}, con fecha esperada {ContractChanges.Date(on)}");
        else if (expected is { } onlyPercent)
            note.Append($"; avance esperado para esa entrega {ProgressEntries.Percent(onlyPercent)}");
        else if (expectedOn is { } onlyDate)
            note.Append($"; fecha esperada de esa entrega {ContractChanges.Date(onlyDate)}");
        return note.Append('.').ToString();
    }

    /// <summary>
    /// The same row always gives the same id, so a sync run again adds nothing; a row SECOP changes gives another id,
    /// a new entry (entries are only added). From the contract and the five documented values exactly as sent.
    /// </summary>
    public static string EntryId(string contractId, ExecutionRow row)
    {
        var text = string.Join('\n', contractId, row.ContractId, row.ExpectedPercent, row.RealPercent, row.ExpectedDelivery, row.RealDelivery);
        return "secop-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}
