using System.Text;
using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

// CSV rows cut on their raw bytes (cells read only when asked for) against the same file read by Sep alone.
public sealed class SecopCsvRowsTests
{
    public static TheoryData<string> CsvFiles => new(Directory.GetFiles(TestData.PathOf("secop"), "*.csv").Select(Path.GetFileName)
        .Concat(["../secop-new-works.csv"]).Order()!);

    [Theory]
    [MemberData(nameof(CsvFiles))]
    public async Task Rows_cut_on_bytes_read_as_Sep_reads_them(string name)
    {
        var bytes = await File.ReadAllBytesAsync(TestData.PathOf($"secop/{name}"));

        Assert.Equal(await ReadAsync(bytes, cutRowsOnBytes: false), await ReadAsync(bytes, cutRowsOnBytes: true));
    }

    [Theory]
    [InlineData("a,\"b\nc\",d\r\ne,f\rg,\"h\"\"i\",j\n\n  \nk,l")]                       // quoted line ends, \r alone, "" and blank lines
    [InlineData("a,b\"c,d\ne\"f,g\nh,i")]                                                 // stray quotes hold a line end between them
    [InlineData("sep=;\n\"a;b\";c\nd;e\n")]                                               // Excel's sep= line, a separator in quotes
    [InlineData(",,,\n   ,\t,\n\"\",\"\"\nx,y")]                                          // rows blank in every cell
    public async Task Awkward_rows_cut_on_bytes_read_as_Sep_reads_them(string body)
    {
        var header = body.StartsWith("sep=") ? "" : "ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato\n";
        var text = body.StartsWith("sep=") ? "sep=;\nID Contrato;Estado Contrato;Tipo de Contrato;Valor del Contrato\n" + body[6..] : header + body;
        foreach (var encoding in new[] { new UTF8Encoding(true), Encoding.Latin1 })
        {
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
            Assert.Equal(await ReadAsync(bytes, cutRowsOnBytes: false), await ReadAsync(bytes, cutRowsOnBytes: true));
        }
    }

    // Rows are cut from 64 KB chunks: rows that cross chunks, rows longer than a chunk, a \r\n split between two, and
    // more rows than one group of a thousand.
    [Fact]
    public async Task Rows_longer_than_a_chunk_and_across_chunks_read_as_Sep_reads_them()
    {
        var text = new StringBuilder("ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato,Objeto del Contrato\r\n");
        var random = new Random(16);
        for (var i = 0; i < 2_500; i++)
        {
            var size = i % 400 == 7 ? 150_000 + random.Next(100_000) : random.Next(0, 300);
            var cell = string.Concat(Enumerable.Range(0, size / 5 + 1).Select(n => n % 7 == 0 ? "a,\"b\"\r\nñ" : "texto ")).Substring(0, size);
            text.Append($"CO1.PCCNTR.{i},Activo,Obra,{i},\"{cell.Replace("\"", "\"\"")}\"\r\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var bySep = await ReadAsync(bytes, cutRowsOnBytes: false);
        Assert.Equal(2_500, bySep.Count);
        Assert.Equal(bySep, await ReadAsync(bytes, cutRowsOnBytes: true));
    }

    [Fact]
    public async Task A_row_is_read_only_when_asked_and_its_id_is_known_before()
    {
        var bytes = await File.ReadAllBytesAsync(TestData.PathOf("secop/utf8-bom.csv"));
        var rows = await SecopFile.ReadAsync(new MemoryStream(bytes)).ToListAsync();

        Assert.All(rows, r => Assert.NotNull(r.RawRowHash));
        Assert.Equal(["CO1.PCCNTR.7000001", "CO1.PCCNTR.7000002", "CO1.PCCNTR.7000003"], rows.Select(r => r.NormalizedContractId));
        SecopRecord.ReadCells(rows);
        Assert.Equal(10_979_236_356m, rows[0].ToContract().Contract!.Value);
    }

    [Fact]
    public async Task The_same_row_gives_the_same_raw_hash_and_a_changed_cell_another()
    {
        const string header = "ID Contrato,Estado Contrato,Tipo de Contrato,Valor del Contrato\n";
        async Task<UInt128?> HashOf(string row) =>
            (await SecopFile.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + row))).SingleAsync()).RawRowHash;

        Assert.Equal(await HashOf("CO1.PCCNTR.1,Activo,Obra,100\n"), await HashOf("CO1.PCCNTR.1,Activo,Obra,100"));
        Assert.NotEqual(await HashOf("CO1.PCCNTR.1,Activo,Obra,100"), await HashOf("CO1.PCCNTR.1,Activo,Obra,101"));
    }

    /// <summary>Each row's line and every column read, after its cells are read (half of them alone, half together).</summary>
    internal static async Task<List<string>> ReadAsync(byte[] bytes, bool cutRowsOnBytes)
    {
        try
        {
            var rows = await SecopFile.ReadAsync(new MemoryStream(bytes), cutRowsOnBytes, default).ToListAsync();
            for (var i = 0; i < rows.Count; i += 2) _ = rows[i].IsBlank;
            SecopRecord.ReadCells(rows);
            return [.. rows.Select(r => $"{r.Line}: {r.NormalizedContractId} | {string.Join(" | ", SecopRecord.Columns.Select(c => r.Raw(c) ?? "(none)"))}")];
        }
        catch (SecopFileRejected e)
        {
            return [$"rejected: {e.Message}"];
        }
    }
}
