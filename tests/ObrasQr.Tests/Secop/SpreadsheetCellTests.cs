using System.IO.Compression;
using System.Text;
using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

/// <summary>An .xlsx cell over the CSV's 1 MB limit is refused with the cell named, read in chunks: never held whole.</summary>
public sealed class SpreadsheetCellTests
{
    static string Header => XlsxFile.Header;

    static async Task<SecopFileRejected> RefusedAsync(Stream file, int? limit = null) =>
        await Assert.ThrowsAsync<SecopFileRejected>(async () =>
        {
            await foreach (var _ in limit is { } max ? SpreadsheetExportReader.ReadAsync(file, default, max) : SpreadsheetExportReader.ReadAsync(file, default)) { }
        });

    [Fact]
    public async Task A_workbook_within_the_limits_is_read_as_it_was()
    {
        using var file = XlsxFile.Of(Header + """<row r="2"><c r="A2" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B2" t="inlineStr"><is><t>Andén</t></is></c><c r="C2" t="s"><v>0</v></c></row>""", "modalidad");
        var records = new List<SecopRecord>();
        await foreach (var record in SpreadsheetExportReader.ReadAsync(file, default)) records.Add(record);

        Assert.Equal("Andén", Assert.Single(records).Raw("Objeto del Contrato"));
    }

    [Fact]
    public async Task An_inline_cell_over_1_mb_is_refused_with_the_cell_named()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        using var file = XlsxFile.Of(Header + $"""<row r="7"><c r="A7" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B7" t="inlineStr"><is><t>{huge}</t></is></c></row>""", "modalidad");

        var refused = await RefusedAsync(file);

        Assert.Contains("La celda B7", refused.Message);
        Assert.Contains("1 MB", refused.Message);
    }

    [Fact]
    public async Task A_shared_string_over_1_mb_is_refused_with_the_cell_that_uses_it_named()
    {
        using var file = XlsxFile.Of(Header + """<row r="3"><c r="A3" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="C3" t="s"><v>1</v></c></row>""",
            "modalidad", new string('y', 1024 * 1024 + 1));

        Assert.Contains("La celda C3", (await RefusedAsync(file)).Message);
    }

    [Fact]
    public async Task An_attribute_over_the_limit_is_refused_before_it_is_read_whole()
    {
        using var file = XlsxFile.Of(Header + $"""<row r="2"><c r="{new string('Z', 4_000)}" t="inlineStr"><is><t>a</t></is></c></row>""", "modalidad");

        Assert.Contains("más de 1 KB", (await RefusedAsync(file, limit: 1024)).Message);
    }

    [Fact]
    public async Task The_limit_is_a_cell_s_characters_as_the_csv_counts_them()
    {
        using var within = XlsxFile.Of(Header + $"""<row r="2"><c r="A2" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B2" t="inlineStr"><is><t>{new string('a', 1_000)}</t></is></c></row>""", "modalidad");
        using var over = XlsxFile.Of(Header + $"""<row r="2"><c r="A2" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B2" t="inlineStr"><is><t>{new string('a', 1_025)}</t></is></c></row>""", "modalidad");

        using (var zip = new ZipArchive(within)) SpreadsheetCells.Check(zip, 1024);
        Assert.Contains("La celda B2", (await RefusedAsync(over, limit: 1024)).Message);
    }

    [Fact]
    public void A_cell_far_over_the_limit_is_never_held_whole_while_it_is_checked()
    {
        const int cell = 40 * 1024 * 1024; // 40 M characters: 80 MB as a string
        using var file = XlsxFile.Of(Header + $"""<row r="9"><c r="D9" t="inlineStr"><is><t>{new string('z', cell)}</t></is></c></row>""", "modalidad");
        using var zip = new ZipArchive(file);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<SecopFileRejected>(() => SpreadsheetCells.Check(zip, HostileFileGuards.MaxCellBytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("La celda D9", refused.Message);
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated checking one cell");
    }
}
