using System.IO.Compression;
using System.Text;
using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

/// <summary>An .xlsx cell over the CSV's 1 MB limit is refused with the cell named, read in chunks: never held whole.</summary>
public sealed class SpreadsheetCellTests
{
    /// <summary>A minimal workbook: one sheet with the given cells' XML, and the shared strings given.</summary>
    internal static MemoryStream Xlsx(string cells, params string[] shared)
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Contratos" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            Add("xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{shared.Length}" uniqueCount="{shared.Length}">{string.Concat(shared.Select(s => $"<si><t>{s}</t></si>"))}</sst>""");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>""");
        }
        file.Position = 0;
        return file;
    }

    static string Header => """<row r="1"><c r="A1" t="inlineStr"><is><t>id_contrato</t></is></c><c r="B1" t="inlineStr"><is><t>objeto_del_contrato</t></is></c><c r="C1" t="s"><v>0</v></c></row>""";

    static async Task<SecopFileRejected> RefusedAsync(Stream file, int? limit = null) =>
        await Assert.ThrowsAsync<SecopFileRejected>(async () =>
        {
            await foreach (var _ in limit is { } max ? SecopSpreadsheet.ReadAsync(file, default, max) : SecopSpreadsheet.ReadAsync(file, default)) { }
        });

    [Fact]
    public async Task An_inline_cell_over_1_mb_is_refused_with_the_cell_named()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        using var file = Xlsx(Header + $"""<row r="7"><c r="A7" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B7" t="inlineStr"><is><t>{huge}</t></is></c></row>""", "modalidad");

        var refused = await RefusedAsync(file);

        Assert.Contains("La celda B7", refused.Message);
        Assert.Contains("1 MB", refused.Message);
    }

    [Fact]
    public async Task A_shared_string_over_1_mb_is_refused_with_the_cell_that_uses_it_named()
    {
        using var file = Xlsx(Header + """<row r="3"><c r="A3" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="C3" t="s"><v>1</v></c></row>""",
            "modalidad", new string('y', 1024 * 1024 + 1));

        Assert.Contains("La celda C3", (await RefusedAsync(file)).Message);
    }

    [Fact]
    public async Task An_attribute_over_the_limit_is_refused_before_it_is_read_whole()
    {
        using var file = Xlsx(Header + $"""<row r="2"><c r="{new string('Z', 4_000)}" t="inlineStr"><is><t>a</t></is></c></row>""", "modalidad");

        Assert.Contains("más de 1 KB", (await RefusedAsync(file, limit: 1024)).Message);
    }

    [Fact]
    public async Task The_limit_is_a_cell_s_characters_as_the_csv_counts_them()
    {
        using var within = Xlsx(Header + $"""<row r="2"><c r="A2" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B2" t="inlineStr"><is><t>{new string('a', 1_000)}</t></is></c></row>""", "modalidad");
        using var over = Xlsx(Header + $"""<row r="2"><c r="A2" t="inlineStr"><is><t>CO1.PCCNTR.1</t></is></c><c r="B2" t="inlineStr"><is><t>{new string('a', 1_025)}</t></is></c></row>""", "modalidad");

        using (var zip = new ZipArchive(within)) SpreadsheetCells.Check(zip, 1024);
        Assert.Contains("La celda B2", (await RefusedAsync(over, limit: 1024)).Message);
    }

    [Fact]
    public void A_cell_far_over_the_limit_is_never_held_whole_while_it_is_checked()
    {
        const int cell = 40 * 1024 * 1024; // 40 M characters: 80 MB as a string
        using var file = Xlsx(Header + $"""<row r="9"><c r="D9" t="inlineStr"><is><t>{new string('z', cell)}</t></is></c></row>""", "modalidad");
        using var zip = new ZipArchive(file);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<SecopFileRejected>(() => SpreadsheetCells.Check(zip, SecopFile.MaxCellBytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("La celda D9", refused.Message);
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated checking one cell");
    }
}
