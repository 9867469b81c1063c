using System.Net;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Pages;

/// <summary>Page facts for contracts written through the store (so any store runs them), on the pinned day.</summary>
public abstract class ContractPageFactsTests(PinnedDateFactory pinned)
{
    public sealed class OnSqlite(PinnedDateFactory.OnSqlite store) : ContractPageFactsTests(store), IClassFixture<PinnedDateFactory.OnSqlite>;
    public sealed class OnAzure(PinnedDateFactory.OnAzure store) : ContractPageFactsTests(store), IClassFixture<PinnedDateFactory.OnAzure>;

    static readonly DateTimeOffset Synced = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    static Contract Work(string id) => new()
    {
        ContractId = id, Type = "Obra", Status = "En ejecución", Value = 2_000_000_000m, Object = "Pavimentación de la calle 5",
        SignedOn = new DateOnly(2026, 2, 1), StartsOn = new DateOnly(2026, 3, 1), EndsOn = new DateOnly(2027, 3, 1),
        ContractorName = "PEDRO PÉREZ", ContractorDocumentType = "Cédula de Ciudadanía", ContractorDocument = "13824219",
    };

    async Task<string> PageOf(params Contract[] versions)
    {
        var store = pinned.Factory.Service<IContractStore>();
        var version = ContractVersion.First(versions[0], Synced, "test");
        Assert.True(await store.AddVersionAsync(version));
        foreach (var next in versions.Skip(1))
        {
            version = version.Next(next, Synced.AddDays(version.Number), "test")!;
            Assert.True(await store.AddVersionAsync(version));
        }
        var response = await pinned.Factory.CreateClient().GetAsync($"/o/{versions[0].ContractId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Contractor_with_a_cedula_is_not_labelled_NIT()
    {
        var html = await PageOf(Work("CO1.PCCNTR.9100001"));

        Assert.Contains("· C.C. 13824219", html);
        Assert.DoesNotContain("NIT 13824219", html);
    }

    [Fact]
    public async Task Paid_value_SECOP_does_not_give_reads_sin_dato_never_zero_percent()
    {
        var html = await PageOf(Work("CO1.PCCNTR.9100002"));

        Assert.Contains("id=\"pagado\">sin dato en SECOP II", html);
        Assert.DoesNotContain("0 % pagado", html);
        Assert.Contains("Días adicionados: sin dato en SECOP II", html);
    }

    [Fact]
    public async Task Addition_within_half_in_minimum_wages_shows_how_it_was_computed_and_no_flag()
    {
        var signed = Work("CO1.PCCNTR.9100003") with { Status = "Aprobado", SignedOn = new DateOnly(2023, 9, 15), Value = 12_400_000_000m };
        var html = await PageOf(signed, signed with { Value = 19_150_000_000m, Status = "Modificado", UpdatedInSecop = new DateTime(2026, 11, 6) });

        Assert.Contains("en salarios mínimos: 36 %", html);
        Assert.Contains("Decreto 2613 de 2022", html);
        Assert.DoesNotContain("lo supera", html);
        Assert.DoesNotContain("Alertas sobre este contrato", html);
    }

    [Fact]
    public async Task Value_from_one_peso_to_thirty_thousand_million_still_renders()
    {
        var tiny = Work("CO1.PCCNTR.9100004") with { Status = "Aprobado", Value = 1m, PaidValue = 1m };
        var html = await PageOf(tiny, tiny with { Value = 30_000_000_000m, PaidValue = 30_000_000_000m, UpdatedInSecop = new DateTime(2026, 10, 1) });

        Assert.Contains("lo supera", html);
        Assert.Contains("(100 %)", html);
    }

    [Fact]
    public async Task A_change_without_SECOPs_date_is_dated_as_the_day_ObrasQr_saw_it()
    {
        var signed = Work("CO1.PCCNTR.9100010") with { Status = "Aprobado" };
        var html = await PageOf(signed, signed with { Value = 2_100_000_000m });

        // Synced on 1 November 2026 (12:00 UTC); the second version a day later.
        Assert.Contains("<strong>Visto por ObrasQr el 2 de noviembre de 2026</strong>: Valor del contrato pasó de", html);
    }

    [Fact]
    public async Task A_placeholder_supplier_document_is_hidden_instead_of_shown_as_Otro_0000000()
    {
        var html = await PageOf(Work("CO1.PCCNTR.9100011") with { ContractorDocumentType = "Otro", ContractorDocument = "0000000" });

        Assert.DoesNotContain("0000000", html);
        Assert.Contains("PEDRO PÉREZ</dd>", System.Net.WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task A_work_first_seen_in_execution_shows_the_first_value_seen_and_that_earlier_additions_are_unknown()
    {
        var work = Work("CO1.PCCNTR.9100012");
        var html = System.Net.WebUtility.HtmlDecode(await PageOf(work, work with { Value = 2_500_000_000m, Status = "Modificado" }));

        Assert.Contains("id=\"valor-inicial\">Valor inicial no disponible: SECOP II publica solo el valor actual, y ObrasQr no vio este contrato antes de que pudiera tener modificaciones, así que no se puede saber cuánto se le adicionó antes.", html);
        Assert.Contains("<dt>Primer valor visto por ObrasQr</dt><dd class=\"money\" id=\"primer-valor\">$ 2.000.000.000</dd>", html);
        Assert.Contains("id=\"adiciones-vistas\">$ 500.000.000 <span class=\"muted sub\">(las anteriores no se conocen)</span>", html);
        Assert.DoesNotContain("id=\"adiciones\"", html);
    }
}
