using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

public sealed class ErrorGroupTests
{
    // The import's two sides report a batch apart, so lines can come out of order.
    [Fact]
    public void A_group_keeps_its_lowest_lines_in_order_whatever_order_they_come_in()
    {
        var lines = new[] { 40, 12, 30, 2, 25, 8, 19, 50, 3, 60, 7, 45, 5 };
        var group = ErrorGroup.First(new RowError(lines[0], "Valor", "No es un número"), "No es un número");

        foreach (var line in lines[1..]) group = group.With(line);

        Assert.Equal(lines.Length, group.Count);
        Assert.Equal(lines.Order().Take(ErrorGroup.LinesShown), group.FirstLines);
    }
}
