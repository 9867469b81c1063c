using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ObrasQr.Contracts;
using ObrasQr.Reports;

namespace ObrasQr.OpenData;

/// <summary>
/// The works CSV (GET /api/contracts.csv, built by <see cref="OpenDataBuild"/>): one row per published work with the facts its page states (<see cref="ContractFacts"/>),
/// UTF-8 with a byte-order mark so spreadsheet programs read the accents, ";" by default so a spreadsheet set to
/// Colombian Spanish opens it in columns (?sep=comma for RFC 4180, as the auditors' export, <see cref="ReportCsv.Semicolon"/>). Amounts are plain numbers in pesos and dates
/// ISO 8601, so any tool reads them; a fact ObrasQr cannot know is an empty cell, never a 0. Text comes from SECOP II,
/// which anyone with an account writes, so cells a spreadsheet would run as a formula are neutralised
/// (<see cref="ReportCsv.Safe"/>). The columns are explained on /datos (<see cref="Columns"/>).
/// </summary>
public static class ContractsCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Each column: its header, what it means (shown on /datos) and how it is read from a work.</summary>
    public static readonly IReadOnlyList<(string Header, string Meaning, Func<Row, string?> Read)> Columns =
    [
        ("id_contrato", "ID del contrato en SECOP II: la clave de la obra (también en la dirección de su página).", r => r.Facts.Current.ContractId),
        ("proceso", "ID del proceso de compra en SECOP II.", r => r.Facts.Current.ProcessId),
        ("referencia", "Referencia que la entidad dio al contrato.", r => r.Facts.Current.Reference),
        ("entidad", "Entidad contratante.", r => r.Facts.Current.EntityName),
        ("nit_entidad", "NIT de la entidad contratante.", r => r.Facts.Current.EntityNit),
        ("nombre", "Nombre de la obra: el objeto del contrato o, si SECOP II no lo publica, la descripción del proceso.", r => r.Facts.Current.Name),
        ("objeto", "Objeto del contrato: qué se construye.", r => r.Facts.Current.Object),
        ("contratista", "Nombre del contratista.", r => r.Facts.Current.ContractorName),
        ("tipo_documento_contratista", "Tipo de documento del contratista (NIT, C.C., …).", r => r.Facts.ContractorDocumentLabel),
        ("modalidad", "Modalidad de contratación según SECOP II.", r => r.Facts.Current.Modality),
        ("estado_secop", "Estado del contrato en SECOP II, como lo publica.", r => r.Facts.Current.Status),
        ("estado_explicado", "Qué dice ese estado junto con las fechas, en palabras.", r => r.Facts.StatusExplained),
        ("valor", "Valor actual del contrato, en pesos.", r => Number(r.Facts.Current.Value)),
        ("valor_inicial", "Valor con que se firmó; vacío si ObrasQr no vio el contrato antes de modificarse.", r => Number(r.Facts.InitialValue)),
        ("adiciones", "Suma de las adiciones de valor que ObrasQr ha visto, en pesos.", r => Number(r.Facts.Additions)),
        ("adiciones_porcentaje", "Adiciones como porcentaje del valor inicial.", r => Number(r.Facts.AdditionsPercent)),
        ("supera_limite_adiciones", "sí cuando las adiciones superan el 50 % del valor inicial en SMMLV (Ley 80 de 1993, art. 40).", r => r.Facts.AdditionsInMinimumWages is null ? null : r.Facts.AdditionsOverLegalLimit ? "sí" : "no"),
        ("pagado", "Valor pagado según SECOP II, en pesos.", r => Number(r.Facts.Paid)),
        ("pagado_porcentaje", "Pagado como porcentaje del valor.", r => Number(r.Facts.PaidPercent)),
        ("fecha_firma", "Fecha de firma.", r => Day(r.Facts.Current.SignedOn)),
        ("fecha_inicio", "Fecha de inicio.", r => Day(r.Facts.Current.StartsOn)),
        ("fecha_terminacion", "Fecha de terminación prevista hoy.", r => Day(r.Facts.Current.EndsOn)),
        ("fecha_terminacion_original", "Fecha de terminación pactada al firmar (la actual menos los días adicionados).", r => Day(r.Facts.OriginalEnd)),
        ("dias_adicionados", "Días adicionados al plazo según SECOP II.", r => Number(r.Facts.AddedDays)),
        ("prorrogas_vistas", "Veces que ObrasQr vio ampliarse el plazo.", r => Number(r.Facts.Extensions)),
        ("dias_restantes", "Días que faltan para la terminación prevista (vacío si terminó, está suspendida o ya venció).", r => Number(r.Facts.DaysLeft)),
        ("dias_vencido", "Días desde que pasó la terminación prevista sin que SECOP II la registre terminada.", r => Number(r.Facts.DaysOverdue)),
        ("tiempo_transcurrido_porcentaje", "Porcentaje del plazo transcurrido.", r => Number(r.Facts.TimeElapsedPercent)),
        ("alertas", "Alertas de la página, separadas por « | ».", r => string.Join(" | ", r.Facts.RedFlags)),
        ("url_secop", "Enlace al proceso en SECOP II.", r => r.Facts.Current.ProcessUrl),
        ("url_pagina", "Página de la obra en ObrasQr (a la que lleva el código QR de la valla).", r => r.PageUrl),
        ("sincronizado", "Cuándo ObrasQr sincronizó la versión actual (hora de Colombia).", r => r.SyncedAt.ToOffset(ColombiaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)),
    ];

    public sealed record Row(ContractFacts Facts, string PageUrl, DateTimeOffset SyncedAt);

    /// <summary>One file being written a row at a time: the open-data build writes each row to several files at once.</summary>
    public sealed class Writer : IAsyncDisposable
    {
        readonly CsvWriter csv;

        Writer(Stream output, bool semicolon) =>
            csv = new CsvWriter(new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true),
                ReportCsv.Config(semicolon)); // its quoting of bare line breaks too

        public static async Task<Writer> StartAsync(Stream output, bool semicolon)
        {
            var writer = new Writer(output, semicolon);
            foreach (var column in Columns) writer.csv.WriteField(column.Header);
            await writer.csv.NextRecordAsync();
            return writer;
        }

        public async Task WriteAsync(Row row)
        {
            foreach (var column in Columns) csv.WriteField(ReportCsv.Safe(column.Read(row) ?? ""));
            await csv.NextRecordAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await csv.FlushAsync();
            await csv.DisposeAsync();
        }
    }

    static string? Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);
    static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
    static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
