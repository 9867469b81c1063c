using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Secop;

// The row format follows the columns read and the facts hashed, so a new SECOP column needs no hand-made bump.
public sealed class RowFormatTests : IDisposable
{
    readonly TempDirectory temp = new();
    readonly SqliteContractStore store;
    readonly SqliteSyncStateStore state;

    public RowFormatTests()
    {
        var db = temp.Database();
        (store, state) = (new SqliteContractStore(db), new SqliteSyncStateStore(db));
    }

    public void Dispose() => temp.Dispose();

    static readonly IEnumerable<string> Facts = Contract.HashedFacts.Select(f => f.Name);

    static long FormatWith(IEnumerable<string> columns, IEnumerable<string> facts, int rules = RowFormat.RulesRevision) =>
        RowFormat.Of(RowFormat.InputsOf(rules, columns, facts));

    [Fact]
    public void The_row_format_is_derived_from_every_column_read_and_every_hashed_fact()
    {
        foreach (var column in SecopRecord.Columns) Assert.Contains($"column:{column}", RowFormat.Inputs);
        foreach (var fact in Facts) Assert.Contains($"fact:{fact}", RowFormat.Inputs);
        Assert.Equal(RowFormat.InputsOf(RowFormat.RulesRevision, SecopRecord.Columns, Facts), RowFormat.Inputs);
        Assert.Equal(RowFormat.Of(RowFormat.Inputs), RowFormat.Current);
    }

    [Fact]
    public void Every_field_a_row_fills_is_a_fact_of_the_row_format_but_the_secop_stamp_whose_column_is()
    {
        // What the page shows of a contract is what a row fills: each stored property of Contract.
        var filled = typeof(Contract).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        Assert.Equal([nameof(Contract.UpdatedInSecop)], filled.Where(name => !RowFormat.Inputs.Contains($"fact:{name}")));
        Assert.Contains("column:Ultima Actualizacion", RowFormat.Inputs);
    }

    [Fact]
    public void Adding_a_column_a_fact_or_a_rules_revision_changes_the_row_format()
    {
        Assert.Equal(RowFormat.Current, FormatWith(SecopRecord.Columns, Facts));
        Assert.NotEqual(RowFormat.Current, FormatWith([.. SecopRecord.Columns, "Valor de las Adiciones"], Facts));
        Assert.NotEqual(RowFormat.Current, FormatWith(SecopRecord.Columns, [.. Facts, "AddedValue"]));
        Assert.NotEqual(RowFormat.Current, FormatWith(SecopRecord.Columns, Facts, RowFormat.RulesRevision + 1));
        // A name moved from the columns to the facts is another format too.
        Assert.NotEqual(FormatWith([.. SecopRecord.Columns, "X"], Facts), FormatWith(SecopRecord.Columns, [.. Facts, "X"]));
    }

    async Task<ImportResult> ImportAsync(long format, string source)
    {
        await using var file = File.OpenRead(TestData.PathOf("secop/utf8-bom.csv"));
        return await new SecopImporter(store, state, TimeProvider.System) { Format = format }.ImportAsync(file, source);
    }

    [Fact]
    public async Task Rows_of_a_file_imported_before_a_column_was_added_are_read_again_once_when_its_same_bytes_come_back()
    {
        var beforeTheColumn = FormatWith(SecopRecord.Columns.SkipLast(1), Facts);
        var first = await ImportAsync(beforeTheColumn, "export:1");

        var sameBytes = await ImportAsync(RowFormat.Current, "export:2");
        var again = await ImportAsync(RowFormat.Current, "export:3");

        Assert.Equal((new ImportCounts(New: 3), 3), (first.Counts, first.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 3), 3), (sameBytes.Counts, sameBytes.RowsMapped));
        Assert.Equal((new ImportCounts(Unchanged: 3), 0), (again.Counts, again.RowsMapped));
        Assert.Equal("export:1", (await store.FindAsync("CO1.PCCNTR.7000001"))!.Source);
    }

    [Fact]
    public async Task Rows_told_by_their_fingerprint_under_one_format_are_read_again_under_another()
    {
        // Row by row (no whole-file shortcut): the fingerprints stored under the earlier format match no row.
        async Task<ImportResult> RowsAsync(long format, string source)
        {
            await using var file = File.OpenRead(TestData.PathOf("secop/utf8-bom.csv"));
            return await new SecopImporter(store, state, TimeProvider.System) { Format = format }.ImportRowsAsync(SecopFile.ReadAsync(file), source);
        }
        await RowsAsync(FormatWith(SecopRecord.Columns.SkipLast(1), Facts), "export:1");
        var told = await RowsAsync(FormatWith(SecopRecord.Columns.SkipLast(1), Facts), "export:2");

        var readAgain = await RowsAsync(RowFormat.Current, "export:3");
        var toldAgain = await RowsAsync(RowFormat.Current, "export:4");

        Assert.Equal((0, 3, 0), (told.RowsMapped, readAgain.RowsMapped, toldAgain.RowsMapped));
        Assert.Equal(new ImportCounts(Unchanged: 3), readAgain.Counts);
    }
}
