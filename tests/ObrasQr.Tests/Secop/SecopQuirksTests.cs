using System.Text;
using System.Text.RegularExpressions;
using ObrasQr.Contracts;
using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

// Files in TestData/secop written by make-quirk-files.py: each reproduces a quirk seen in real SECOP II files.
public sealed class SecopQuirksTests
{
    const string Url = "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.3000001";

    [Fact]
    public async Task Spanish_locale_spreadsheet_reads_money_documents_dates_and_the_url_dict()
    {
        var rows = await SecopFileTests.ReadAsync("spanish-locale.csv");

        var a = rows[0].Contract!;
        Assert.Equal("CO1.PCCNTR.8000001", a.ContractId);             // lower-case id, normalised once at import
        Assert.Equal(31_500_000m, a.Value);                            // "$ 31.500.000,00"
        Assert.Equal(12_600_000m, a.PaidValue);
        Assert.Equal("890480184", a.EntityNit);                        // "890.480.184,00"
        Assert.Equal("13824219", a.ContractorDocument);
        Assert.Equal(new DateOnly(2022, 9, 7), a.SignedOn);            // "9/07/2022", month first as SECOP writes it
        Assert.Equal(new DateOnly(2023, 3, 11), a.EndsOn);
        Assert.Equal(new DateTime(2023, 8, 9), a.UpdatedInSecop);      // "2023 ago 09 12:00:00 AM"
        Assert.Null(a.LegalRepresentativeId);                          // "Sin Descripcion"
        Assert.Equal(Url, a.ProcessUrl);                               // "{'url': '…'}"
        Assert.Empty(rows[0].Errors);
    }

    [Fact]
    public async Task Excel_serial_dates_and_placeholders_read_as_dates_and_no_value()
    {
        var rows = await SecopFileTests.ReadAsync("spanish-locale.csv");

        var b = rows[1].Contract!;
        Assert.Equal(new DateOnly(2019, 10, 2), b.SignedOn);           // 43740
        Assert.Equal(new DateOnly(2020, 10, 6), b.EndsOn);             // 44110
        Assert.Equal(new DateTime(2023, 8, 9), b.UpdatedInSecop);      // 45147
        Assert.Null(b.PaidValue);                                      // "No Definido": no data, not 0
        Assert.Null(b.AddedDays);                                      // "N/D"
        Assert.Empty(rows[1].Errors);
    }

    [Fact]
    public async Task An_unreadable_column_the_page_does_not_need_keeps_the_row_with_a_warning()
    {
        var rows = await SecopFileTests.ReadAsync("spanish-locale.csv");

        var c = rows[2];
        Assert.NotNull(c.Contract);
        Assert.Null(c.Contract!.UpdatedInSecop);
        Assert.Equal(new DateOnly(2022, 7, 10), c.Contract.StartsOn);  // ISO with time
        var warning = Assert.Single(c.Errors);
        Assert.True(warning.RowKept);
        Assert.Equal("Ultima Actualizacion", warning.Column);
    }

    [Fact]
    public async Task A_start_after_the_end_is_implausible_and_both_dates_are_left_out_with_a_warning()
    {
        var rows = await SecopFileTests.ReadAsync("spanish-locale.csv");

        var d = rows[3];
        Assert.Null(d.Contract!.StartsOn);
        Assert.Null(d.Contract.EndsOn);
        Assert.Contains(d.Errors, e => e.RowKept && e.Reason.Contains("posterior"));
    }

    [Fact]
    public async Task English_and_Spanish_locale_re_saves_of_one_row_read_the_same()
    {
        var spanish = (await SecopFileTests.ReadAsync("spanish-locale.csv"))[0].Contract!;
        var english = (await SecopFileTests.ReadAsync("english-locale.csv"))[0].Contract!;

        Assert.Equal(spanish with { LegalRepresentativeId = null }, english with { LegalRepresentativeId = null });
    }

    [Fact]
    public async Task Xlsx_export_reads_typed_cells_like_the_CSV()
    {
        var rows = await SecopFileTests.ReadAsync("export.xlsx");

        var (a, errors, line) = Assert.Single(rows);
        Assert.Empty(errors);
        Assert.Equal(2, line);
        Assert.Equal("CO1.PCCNTR.8000201", a!.ContractId);
        Assert.Equal(31_500_000m, a.Value);
        Assert.Equal(12_600_000.5m, a.PaidValue);
        Assert.Equal("890480184", a.EntityNit);
        Assert.Equal("13824219", a.ContractorDocument);
        Assert.Equal(new DateOnly(2022, 9, 7), a.SignedOn);
        Assert.Equal(new DateOnly(2023, 3, 11), a.EndsOn);
        Assert.Null(a.LegalRepresentativeId);
        Assert.Equal(Url, a.ProcessUrl);
        Assert.Equal("Pavimentación de la calle 5 <norte> & andenes", a.Object);
        Assert.True(a.IsPublishedWork);
    }

    [Theory]
    [InlineData("$ 31.500.000,00", "31500000")]
    [InlineData("$31,500,000.00", "31500000")]
    [InlineData("10.979.236.356", "10979236356")]
    [InlineData("1.500,5", "1500.5")]
    public void Money_reads_with_either_separator_convention(string text, string expected)
    {
        Assert.True(SecopValues.TryMoney(text, out var amount));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("890.480.184,00", "890480184")]
    [InlineData("890480184-1", "890480184")]
    [InlineData("890480184.00", "890480184")]
    [InlineData("8,9048E+08", null)]      // a spreadsheet rounded the digits away: no value rather than a wrong one
    [InlineData("Sin Descripcion", null)]
    [InlineData("AB123456", "AB123456")]  // a passport keeps its letters
    public void Documents_lose_punctuation_and_spreadsheet_decimals(string text, string? expected)
    {
        Assert.Equal(expected, SecopValues.Document(text));
    }

    [Theory]
    [InlineData("{'url': '" + Url + "'}")]
    [InlineData("{\"url\": \"" + Url + "\"}")]
    [InlineData(Url)]
    public void Process_url_reads_as_url_or_text_of_an_object(string text)
    {
        Assert.Equal(Url, SecopValues.Url(text));
    }

    [Fact]
    public void Process_url_that_is_not_http_is_dropped()
    {
        Assert.Null(SecopValues.Url("javascript:alert(1)"));
    }

    [Fact]
    public void A_huge_cell_is_quoted_only_as_a_short_excerpt()
    {
        var reason = new SecopRecord(Values("Valor Pagado", new string('9', 100) + new string('x', 5_000_000)), 2).ToContract().Errors.Single(e => e.Column == "Valor Pagado").Reason;

        Assert.True(reason.Length < 200);
    }

    [Fact]
    public async Task A_huge_JSON_string_is_kept_only_to_the_longest_cell()
    {
        var json = "[{\"id_contrato\":\"CO1.PCCNTR.1\",\"estado_contrato\":\"En ejecución\",\"tipo_de_contrato\":\"Obra\",\"valor_del_contrato\":\"10\"," +
                   "\"objeto_del_contrato\":\"Línea \\\"A\\\" " + string.Concat(Enumerable.Repeat("ñandú \\n ", 60_000)) + "\"}]";
        await using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var rows = new List<SecopRecord>();
        await foreach (var row in SecopFile.ReadAsync(file)) rows.Add(row);

        var contract = Assert.Single(rows).ToContract().Contract!;
        Assert.StartsWith("Línea \"A\" ñandú \n ñandú", contract.Object);
        Assert.Equal(SecopValues.MaxCellChars + 1, contract.Object!.Length);   // cut, with "…"
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cell_over_the_size_limit_refuses_the_whole_file_before_any_row(bool json)
    {
        var huge = new string('x', HostileFileGuards.MaxCellBytes + 1);
        var text = json
            ? "[{\"id_contrato\":\"CO1.PCCNTR.1\",\"estado_contrato\":\"En ejecución\",\"tipo_de_contrato\":\"Obra\",\"valor_del_contrato\":\"10\",\"objeto_del_contrato\":\"" + huge + "\"}]"
            : "ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato,Objeto del Contrato\nCO1.PCCNTR.1,En ejecución,Obra,10,\"" + huge + "\"\n";
        await using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var refused = await UploadGate.CheckAsync(file);

        Assert.NotNull(refused);
        Assert.Contains("más de 1 MB", refused.Message);
    }

    // Cells are measured from the first record long enough to hold one over the limit: a long record with short cells
    // is read, a long cell is refused wherever it is, whatever quotes, separators and line ends it holds.
    [Theory]
    [InlineData(0, 3, 400_000, false)]                   // the first record: 1.2 MB in three cells
    [InlineData(5_000, 3, 400_000, false)]               // after 5,000 rows (several chunks in)
    [InlineData(0, 1, HostileFileGuards.MaxCellBytes - 10, false)]
    [InlineData(0, 1, HostileFileGuards.MaxCellBytes + 10, true)]
    [InlineData(5_000, 1, HostileFileGuards.MaxCellBytes + 10, true)]
    [InlineData(5_000, 2, HostileFileGuards.MaxCellBytes + 10, true)]
    public async Task A_long_record_is_refused_only_for_a_cell_over_the_size_limit(int rowsBefore, int longCells, int cellBytes, bool refused)
    {
        var text = new StringBuilder("ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato,Objeto del Contrato\n");
        for (var i = 0; i < rowsBefore; i++) text.Append($"CO1.PCCNTR.{i},En ejecución,Obra,10,\"Vía, andén \"\"y\"\" puente\"\n");
        // The long cells are quoted and hold separators, quotes and line ends, as a real description may.
        const string part = "a,\"\"b\"\"\nn ";
        var cell = "\"" + string.Concat(Enumerable.Repeat(part, (cellBytes - 2) / part.Length)).PadRight(cellBytes - 2, 'x') + "\"";
        text.Append("CO1.PCCNTR.X,En ejecución,Obra,10,").AppendJoin(',', Enumerable.Repeat(cell, longCells)).Append('\n');
        text.Append("CO1.PCCNTR.Y,En ejecución,Obra,10,Puente\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        await using var file = new MemoryStream(bytes);

        var refusal = await UploadGate.CheckAsync(file);

        Assert.Equal(refused, refusal is not null);
        if (refusal is null) return;
        Assert.Contains("más de 1 MB", refusal.Message);
        // The byte named is within the long cells.
        var near = long.Parse(Regex.Match(refusal.Message, @"cerca del byte ([\d.,]+)").Groups[1].Value.Replace(".", "").Replace(",", ""));
        var longStart = Encoding.UTF8.GetByteCount(text.ToString()[..text.ToString().IndexOf("CO1.PCCNTR.X", StringComparison.Ordinal)]);
        Assert.InRange(near, longStart, longStart + (long)longCells * Encoding.UTF8.GetByteCount(cell) + 40);
    }

    static string?[] Values(string column, string value)
    {
        var values = new string?[SecopRecord.Columns.Length];
        values[Array.IndexOf(SecopRecord.Columns, "ID Contrato")] = "CO1.PCCNTR.1";
        values[Array.IndexOf(SecopRecord.Columns, "Valor del Contrato")] = "100";
        values[Array.IndexOf(SecopRecord.Columns, column)] = value;
        return values;
    }
}
