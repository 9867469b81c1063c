using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ObrasQr.Secop;

namespace ObrasQr.Fuzz.Tests;

/// <summary>
/// CSV rows cut on their raw bytes (SecopCsvRows) read exactly as Sep reads the same file alone: the same rows, lines
/// and cells, or the same refusal, whatever quotes, separators and line ends the cells carry, quoted or not.
/// </summary>
public sealed class CsvRowsFuzzTests
{
    [Fact]
    public void Rows_cut_on_bytes_read_as_Sep_reads_them_whatever_the_cells()
    {
        var cell = from text in Fuzz.Text from quote in Gen.Elements(true, false) select (text, quote);
        var row = Gen.ListOf(cell).Select(l => l.Take(8).ToArray());
        var gen = from rows in Gen.ListOf(row).Select(l => l.Take(10).ToArray())
                  from separator in Gen.Elements(",", ";", "\t")
                  from lineEnd in Gen.Elements("\n", "\r\n", "\r")
                  from encoding in Gen.Elements("utf-8", "utf-8-bom", "latin1")
                  select (rows, separator, lineEnd, encoding);
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(async () =>
        {
            var bytes = Csv(c.rows, c.separator, c.lineEnd, c.encoding);
            Assert.Equal(string.Join("\n", await ReadAsync(bytes, cutRowsOnBytes: false)), string.Join("\n", await ReadAsync(bytes, cutRowsOnBytes: true)));
        })).Check(Fuzz.Config(300));
    }

    // The cell-size check measures records first and cells only from the first long record: it refuses the same files,
    // naming the same byte, as measuring every cell from the start does, whatever quotes and line ends come around
    // runs of text near the limit.
    [Fact]
    public void Cell_size_check_refuses_as_measuring_every_cell_does()
    {
        const int max = HostileFileGuards.MaxCellBytes;
        var part = Gen.OneOf(Gen.Elements("\"", ",", "\n", "\r\n", "\"\"", "a", "ñ"),
            Gen.Elements(max - 3, max - 2, max - 1, max, max + 1, max / 2, 300_000, 64 * 1024 - 1).Select(n => new string('x', n)));
        var gen = Gen.ListOf(part).Select(l => l.Take(14).ToArray());
        Prop.ForAll(gen.ToArbitrary(), parts => Fuzz.Wait(async () =>
        {
            var bytes = Encoding.UTF8.GetBytes(string.Concat(parts));
            Assert.Equal(await RefusalAsync(new MemoryStream(bytes), s => HostileFileGuards.CheckCellsAsync(s, (byte)',', 0, 0, default)),
                await RefusalAsync(new MemoryStream(bytes), s => HostileFileGuards.CheckCellSizesAsync(s, (byte)',', default)));
        })).Check(Fuzz.Config(60));
    }

    static async Task<string> RefusalAsync(Stream file, Func<Stream, Task> check)
    {
        try { await check(file); return "read"; }
        catch (SecopFileRejected e) { return e.Message; }
    }

    static byte[] Csv((string Text, bool Quote)[][] rows, string separator, string lineEnd, string encoding)
    {
        static string Cell((string Text, bool Quote) c) => c.Quote ? "\"" + c.Text.Replace("\"", "\"\"") + "\"" : c.Text;
        var header = string.Join(separator, "ID Contrato", "Estado Contrato", "Tipo de Contrato", "Valor del Contrato", "Objeto del Contrato");
        var text = string.Join(lineEnd, new[] { header }.Concat(rows.Select(r => string.Join(separator, r.Select(Cell)))));
        return encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. new UTF8Encoding(false).GetBytes(text)],
            "latin1" => Encoding.Latin1.GetBytes(text),
            _ => new UTF8Encoding(false).GetBytes(text),
        };
    }

    static async Task<List<string>> ReadAsync(byte[] bytes, bool cutRowsOnBytes)
    {
        try
        {
            var rows = await SecopFile.ReadAsync(new MemoryStream(bytes), cutRowsOnBytes, default).ToListAsync();
            SecopRecord.ReadCells(rows);
            return [.. rows.Select(r => $"{r.Line}: {r.NormalizedContractId} | {string.Join(" | ", SecopRecord.Columns.Select(c => r.Raw(c) ?? "(none)"))}")];
        }
        catch (SecopFileRejected e)
        {
            return [$"rejected: {e.Message}"];
        }
    }
}
