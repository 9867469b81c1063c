using System.Text;
using ObrasQr.Progress;
using ObrasQr.Sync;

namespace ObrasQr.Tests.Sync;

/// <summary>What a row of SECOP II's execution dataset (mfmm-jqmq) lets a page claim: only its five documented fields,
/// a real figure observed on a real delivery that has come, worded as SECOP states it.</summary>
public sealed class SecopExecutionRulesTests
{
    static readonly DateOnly Today = new(2026, 12, 1);
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, ColombiaTime.Offset);
    const string Work = "CO1.PCCNTR.8000001";

    static ExecutionReading Read(string? expected, string? real, string? expectedOn, string? realOn) =>
        SecopExecution.Read(new ExecutionRow(Work, expected, real, expectedOn, realOn), Today, Now);

    [Fact]
    public void Execution_row_with_real_progress_and_a_past_delivery_is_an_entry_attributed_to_SECOP_worded_as_it_states()
    {
        var entry = Read("50", "40", "2024-03-01T00:00:00.000", "2024-03-05T00:00:00.000").Entry!;

        Assert.Equal((Work, new DateOnly(2024, 3, 5), 40m), (entry.ContractId, entry.ObservedOn, entry.Percent));
        Assert.Equal(ProgressSource.Secop, entry.Source);
        Assert.Equal("SECOP II (datos.gov.co mfmm-jqmq)", entry.RecordedBy);
        Assert.Equal(Now, entry.RecordedAt);
        Assert.Null(entry.Latitude);
        Assert.Empty(entry.Photos);
        Assert.Equal("Según SECOP II (ejecución del contrato): avance real 40 % en la entrega del 5 de marzo de 2024; "
            + "avance esperado para esa entrega 50 %, con fecha esperada 1 de marzo de 2024.", entry.Note);
    }

    [Theory]
    [InlineData("2024-03-05", 2024, 3, 5)]                    // a plain date
    [InlineData("2024-03-05T00:00:00.000", 2024, 3, 5)]       // SODA's floating timestamp
    [InlineData("2026-12-01", 2026, 12, 1)]                  // today counts: it has come
    public void Execution_delivery_dates_are_read_as_SODA_sends_them(string realOn, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), Read(null, "10", null, realOn).Entry!.ObservedOn);
    }

    [Fact]
    public void Execution_row_without_expected_figures_leaves_them_out_of_the_note()
    {
        Assert.Equal("Según SECOP II (ejecución del contrato): avance real 12,5 % en la entrega del 5 de marzo de 2024.",
            Read("", "12.5", null, "2024-03-05").Entry!.Note);
        Assert.Equal("Según SECOP II (ejecución del contrato): avance real 12,5 % en la entrega del 5 de marzo de 2024; avance esperado para esa entrega 20 %.",
            Read("20", "12.5", "no es fecha", "2024-03-05").Entry!.Note);
        Assert.Equal("Según SECOP II (ejecución del contrato): avance real 12,5 % en la entrega del 5 de marzo de 2024; fecha esperada de esa entrega 1 de marzo de 2024.",
            Read("abc", "12.5", "2024-03-01", "2024-03-05").Entry!.Note);
    }

    [Fact]
    public void Execution_percent_is_cut_to_one_decimal_never_rounded_up_to_a_finished_work()
    {
        var entry = Read("99.99", "99.96", "2024-03-01", "2024-03-05").Entry!;

        Assert.Equal(99.9m, entry.Percent);
        Assert.Contains("avance real 99,9 %", entry.Note);
        Assert.Contains("avance esperado para esa entrega 99,9 %", entry.Note);
    }

    [Theory]
    [InlineData(null, "2024-03-05", "SECOP II no publica el avance real (porcentaje_de_avance_real vacío).")]
    [InlineData(" ", "2024-03-05", "SECOP II no publica el avance real (porcentaje_de_avance_real vacío).")]
    [InlineData("cuarenta", "2024-03-05", "El avance real «cuarenta» no es un número.")]
    [InlineData("40,5", "2024-03-05", "El avance real «40,5» no es un número.")]          // invariant decimal text only
    [InlineData("-1", "2024-03-05", "El avance real (-1) está fuera de 0 a 100.")]
    [InlineData("100.5", "2024-03-05", "El avance real (100.5) está fuera de 0 a 100.")]
    [InlineData("40", null, "SECOP II no publica la fecha de entrega real (fechadeentregareal vacía).")]
    [InlineData("40", "el 5 de marzo", "La fecha de entrega real «el 5 de marzo» no es una fecha.")]
    public void Execution_row_without_real_progress_or_date_gives_no_entry_and_says_why(string? real, string? realOn, string reason)
    {
        var reading = Read("50", real, "2024-03-01", realOn);

        Assert.Null(reading.Entry);
        Assert.Equal(reason, reading.Refusal);
    }

    [Fact]
    public void Execution_row_dated_in_the_future_gives_no_entry()
    {
        var reading = Read("50", "40", "2026-12-01", "2026-12-02T00:00:00.000");

        Assert.Null(reading.Entry);
        Assert.Equal("La fecha de entrega real (2 de diciembre de 2026) es posterior a hoy: no es un avance observado.", reading.Refusal);
    }

    [Fact]
    public void A_refused_value_is_echoed_short()
    {
        var reading = Read("50", new string('9', 200), null, "2024-03-05");

        Assert.Equal($"El avance real «{new string('9', 20)}…» no es un número.", reading.Refusal);
    }

    [Fact]
    public void The_same_row_always_gives_the_same_entry_id_and_a_changed_row_another()
    {
        var row = new ExecutionRow(Work, "50", "40", "2024-03-01", "2024-03-05");

        Assert.Equal(SecopExecution.EntryId(Work, row), SecopExecution.EntryId(Work, row with { }));
        Assert.StartsWith("secop-", SecopExecution.EntryId(Work, row));
        Assert.NotEqual(SecopExecution.EntryId(Work, row), SecopExecution.EntryId(Work, row with { RealPercent = "45" }));
        Assert.NotEqual(SecopExecution.EntryId(Work, row), SecopExecution.EntryId(Work, row with { ExpectedDelivery = "2024-03-02" }));
        Assert.NotEqual(SecopExecution.EntryId(Work, row), SecopExecution.EntryId("CO1.PCCNTR.8000002", row with { ContractId = "CO1.PCCNTR.8000002" }));
    }

    [Fact]
    public void A_page_reads_only_the_five_documented_fields_numbers_sent_as_numbers_included()
    {
        var json = """
            [{"identificadorcontrato":"CO1.PCCNTR.1","porcentajedeavanceesperado":"50","porcentaje_de_avance_real":40,
              "fechadeentregaesperada":"2024-03-01T00:00:00.000","fechadeentregareal":null,"otro_campo":"x"},
             {"identificadorcontrato":"CO1.PCCNTR.2"}]
            """;

        var rows = ExecutionRow.ReadPage(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new ExecutionRow("CO1.PCCNTR.1", "50", "40", "2024-03-01T00:00:00.000", null), rows[0]);
        Assert.Equal(new ExecutionRow("CO1.PCCNTR.2", null, null, null, null), rows[1]);
        Assert.Throws<System.Text.Json.JsonException>(() => ExecutionRow.ReadPage(Encoding.UTF8.GetBytes("""{"error":true}""")));
    }

    [Fact]
    public void Execution_query_asks_for_the_ids_quoted_with_doubled_quotes_in_a_stable_order()
    {
        var uri = SodaClient.ExecutionPageUri("https://www.datos.gov.co/", ["CO1.PCCNTR.1", "O'Brien"], 1000, 2000);

        Assert.Equal("https://www.datos.gov.co/resource/mfmm-jqmq.json", uri.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal("identificadorcontrato in('CO1.PCCNTR.1','O''Brien')", query["$where"]);
        Assert.Equal("identificadorcontrato,:id", query["$order"]);
        Assert.Equal(("1000", "2000"), (query["$limit"].ToString(), query["$offset"].ToString()));
    }

    [Fact]
    public void Contracts_query_asks_only_for_works_with_every_literal_quoted()
    {
        var uri = SodaClient.PageUri("https://www.datos.gov.co/", "8904'80184", new DateTime(2026, 1, 8, 16, 45, 0), 1000, 0);

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal("nit_entidad='8904''80184' AND tipo_de_contrato in('Obra') AND ultima_actualizacion >= '2026-01-08T16:45:00.000'",
            query["$where"]);
    }

    [Fact]
    public void Execution_query_sits_beside_a_contracts_resource_url_given_as_the_setting()
    {
        var uri = SodaClient.ExecutionPageUri("https://www.datos.gov.co/resource/jbjy-vk9h.json", ["CO1.PCCNTR.1"], 10, 0);

        Assert.Equal("https://www.datos.gov.co/resource/mfmm-jqmq.json", uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("https://www.datos.gov.co/resource/jbjy-vk9h.json",
            SodaClient.PageUri("https://www.datos.gov.co/resource/jbjy-vk9h.json", "1", null, 10, 0).GetLeftPart(UriPartial.Path));
    }
}
