using System.Text;
using ObrasQr.Contracts;
using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

// Real files in TestData/secop (written once by make-test-files.py): every shape an office's export comes in must
// read to the same three contracts.
public sealed class SecopFileTests
{
    public static async Task<List<(Contract? Contract, IReadOnlyList<RowError> Errors, int Line)>> ReadAsync(string name)
    {
        await using var file = File.OpenRead(TestData.PathOf($"secop/{name}"));
        var rows = new List<(Contract?, IReadOnlyList<RowError>, int)>();
        await foreach (var record in SecopFile.ReadAsync(file))
        {
            var (contract, errors) = record.ToContract();
            rows.Add((contract, errors, record.Line));
        }
        return rows;
    }

    [Theory]
    [InlineData("utf8-bom.csv")]
    [InlineData("utf8-no-bom.csv")]
    [InlineData("windows-1252.csv")]
    [InlineData("semicolon.csv")]
    [InlineData("shuffled-columns.csv")]
    [InlineData("utf16-tabs.txt")]
    public async Task Every_shape_of_CSV_export_reads_to_the_same_contracts(string name)
    {
        var rows = await ReadAsync(name);

        Assert.All(rows, r => Assert.Empty(r.Errors));
        var contracts = rows.Select(r => r.Contract!).ToList();
        Assert.Equal(["CO1.PCCNTR.7000001", "CO1.PCCNTR.7000002", "CO1.PCCNTR.7000003"], contracts.Select(c => c.ContractId));

        var a = contracts[0];
        Assert.Equal(10_979_236_356m, a.Value);
        Assert.Equal(3_080_250m, a.PaidValue);
        Assert.Equal(1826, a.AddedDays);
        Assert.Equal(new DateOnly(2023, 9, 18), a.SignedOn);
        Assert.Equal(new DateOnly(2023, 9, 18), a.StartsOn); // ISO in the same file as US dates
        Assert.Equal(new DateOnly(2025, 9, 17), a.EndsOn);   // date without time
        Assert.Equal("Construcción del puente \"La Esperanza\", vía Turbaco–Arjona\nIncluye: accesos, iluminación y señalización; fase 2.", a.Object);
        Assert.Equal("CONSORCIO VÍAS DEL NORTE ÑANDÚ", a.ContractorName);
        Assert.Equal("JOSÉ ÁNGEL PEÑA", a.LegalRepresentative);
        Assert.Equal("Colombia, Bolívar, Cartagena de Indias", a.Location);
        Assert.Equal("En ejecución", a.Status);
        Assert.True(a.CanBeExtended);
        Assert.True(a.IsPublishedWork);
        Assert.Equal("https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1234567", a.ProcessUrl);
        Assert.Equal(new DateTime(2026, 6, 18), a.UpdatedInSecop);

        var b = contracts[1];
        Assert.Equal(0m, b.Value);
        Assert.Null(b.PaidValue);               // N/D: no data, never 0
        Assert.Null(b.ContractorName);          // N/D
        Assert.Null(b.AddedDays);               // No Definido
        Assert.Null(b.StartsOn);
        Assert.False(b.CanBeExtended);
        Assert.Equal("Interventoría", b.Type);
        Assert.Equal(new DateTime(2024, 10, 2, 15, 15, 42), b.UpdatedInSecop);

        var c = contracts[2];
        Assert.Null(c.CanBeExtended);           // No Definido
        Assert.False(c.IsSigned);               // Borrador
        Assert.Equal(3_080_250m, c.Value);
    }

    [Fact]
    public async Task Same_rows_hash_the_same_whatever_the_encoding_separator_or_column_order()
    {
        var hashes = new List<string[]>();
        foreach (var name in new[] { "utf8-bom.csv", "windows-1252.csv", "semicolon.csv", "shuffled-columns.csv", "utf16-tabs.txt" })
            hashes.Add((await ReadAsync(name)).Select(r => r.Contract!.ContentHash()).ToArray());
        Assert.All(hashes, h => Assert.Equal(hashes[0], h));
    }

    [Fact]
    public async Task Rows_are_refused_only_without_id_or_value_and_other_bad_cells_are_warnings_on_kept_rows()
    {
        var rows = await ReadAsync("bad-rows.csv");

        Assert.Equal([2, 4, 5, 6, 8, 9], rows.Select(r => r.Line));
        Assert.Equal(["CO1.PCCNTR.7000001", "CO1.PCCNTR.7000011", "CO1.PCCNTR.7000012", "CO1.PCCNTR.7000013"],
            rows.Where(r => r.Contract is not null).Select(r => r.Contract!.ContractId));
        var errors = rows.SelectMany(r => r.Errors).ToList();
        Assert.Equal([(4, "ID Contrato", false), (5, "Valor del Contrato", false), (6, "Fecha de Firma", true), (8, "Dias adicionados", true)],
            errors.Select(e => (e.Line, e.Column, e.RowKept)));
        Assert.Null(rows.Single(r => r.Line == 6).Contract!.SignedOn);
        Assert.Null(rows.Single(r => r.Line == 8).Contract!.AddedDays);
        Assert.Contains("Falta el ID del contrato", errors[0].Reason);
        Assert.Contains("«mil millones» no es un valor en pesos válido", errors[1].Reason);
        Assert.Contains("«31/31/2023» no es una fecha válida", errors[2].Reason);
        Assert.Contains("«muchos» no es un número entero válido", errors[3].Reason);
    }

    [Fact]
    public async Task SODA_JSON_reads_snake_case_fields_and_the_url_object()
    {
        var rows = await ReadAsync("soda-export.json");

        var a = rows[0].Contract!;
        Assert.Equal("CO1.PCCNTR.7000001", a.ContractId);
        Assert.Equal(10_979_236_356m, a.Value);
        Assert.Equal(1826, a.AddedDays);
        Assert.Equal("Colombia, Bolívar, Cartagena de Indias", a.Location);
        Assert.Equal("1047385921", a.LegalRepresentativeId);
        Assert.Equal("24 Mes(es)", a.Duration);
        Assert.Equal("https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1234567", a.ProcessUrl);
        Assert.Equal(new DateTime(2026, 6, 18), a.UpdatedInSecop);
        Assert.Equal("Interventoría", rows[1].Contract!.Type);
        Assert.Equal([1, 2], rows.Select(r => r.Line));
    }

    [Fact]
    public async Task A_first_line_sep_names_the_separator_and_is_not_the_header()
    {
        var csv = "sep=;\r\nID Contrato;Nit Entidad;Estado Contrato;Tipo de Contrato;Valor del Contrato\r\nCO1.PCCNTR.1;890480184;En ejecución;Obra;\"1.500,5\"\r\n";
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));

        var rows = new List<SecopRecord>();
        await foreach (var row in SecopFile.ReadAsync(file)) rows.Add(row);

        var (contract, errors) = Assert.Single(rows).ToContract();
        Assert.Empty(errors);
        Assert.Equal(1500.5m, contract!.Value);
        Assert.Equal(3, rows[0].Line);
    }

    [Fact]
    public async Task Export_with_headers_and_no_rows_reads_nothing()
    {
        Assert.Empty(await ReadAsync("headers-only.csv"));
    }

    [Theory]
    [InlineData("empty.csv", "vacío")]
    [InlineData("blank.csv", "vacío")]
    [InlineData("spreadsheet.xlsx", "hoja de cálculo")]
    [InlineData("binary.dat", "no es de texto")]
    [InlineData("not-an-export.csv", "faltan las columnas ID Contrato, Estado Contrato, Tipo de Contrato, Valor del Contrato")]
    [InlineData("soda-truncated.json", "El JSON está dañado después del registro 1")]
    [InlineData("soda-malformed.json", "no es una lista JSON de contratos")]
    public async Task A_file_that_is_not_an_export_is_refused_whole_with_a_reason(string name, string reason)
    {
        var refused = await Assert.ThrowsAsync<SecopFileRejected>(() => ReadAsync(name));
        Assert.Contains(reason, refused.Message);
    }
}
