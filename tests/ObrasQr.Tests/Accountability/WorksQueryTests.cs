using ObrasQr.Accountability;

namespace ObrasQr.Tests.Accountability;

public class WorksQueryTests
{
    [Theory]
    [InlineData("Vía", "via")]
    [InlineData("CHAPUNDÚN", "chapundun")]
    [InlineData("Pavimentación ÑAME", "pavimentacion name")]
    public void Folding_removes_accents_and_case(string text, string folded) => Assert.Equal(folded, WorkSummary.Fold(text));

    [Fact]
    public void A_page_link_keeps_every_filter_and_encodes_the_text()
    {
        var (query, _) = WorksQuery.Parse("canal & vía", "vencida", "si", "2");

        Assert.Equal("/?q=canal%20%26%20v%C3%ADa&estado=vencida&alerta=si&pagina=3", query!.Link(3));
        Assert.Equal("/", WorksQuery.Everything.Link(1));
    }

    [Fact]
    public void Queries_written_differently_share_one_kept_page()
    {
        Assert.Equal(WorksQuery.Parse("  VÍA ", null, null, null).Query!.Key, WorksQuery.Parse("via", "", "", "1").Query!.Key);
    }

    [Fact]
    public void An_unknown_stage_is_refused_on_its_field()
    {
        var (query, problem) = WorksQuery.Parse(null, "demolida", null, null);

        Assert.Null(query);
        Assert.Equal("estado", problem?.Field);
        Assert.StartsWith("Estado desconocido", problem?.Reason);
    }
}
