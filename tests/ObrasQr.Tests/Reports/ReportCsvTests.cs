using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Reports;

public sealed class ReportCsvTests
{
    [Theory]
    [InlineData("Cobro de más en la obra\n=cmd|' /C calc'!A0", false)]
    [InlineData("Cobro de más en la obra\r=cmd|' /C calc'!A0", false)]
    [InlineData("Cobro de más en la obra\n=cmd|' /C calc'!A0", true)]
    [InlineData("Cobro de más en la obra\r@SUM(1+1)*cmd|' /C calc'!A0", true)]
    public void Bare_line_break_in_text_stays_inside_one_quoted_cell(string description, bool semicolon)
    {
        var report = new Report
        {
            ReportId = "r1", ContractId = "CO1.PCCNTR.1", Category = "cobro_indebido", Description = description,
            ReceivedAt = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), Deadline = new DateOnly(2026, 3, 20),
            TrackingCodeHash = "h", Location = new ReportLocation(null, null, "Calle 1\n+57 300"),
        };
        var bytes = ReportCsv.Write([report], new DateOnly(2026, 3, 3), semicolon);

        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])),
            new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = semicolon ? ";" : "," });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)!).ToArray());

        Assert.Equal(2, rows.Count); // header and one report: the line break did not start a row
        Assert.All(rows, r => Assert.Equal(18, r.Length));
        Assert.Equal(description, rows[1][14]);
        Assert.Equal("Calle 1\n+57 300", rows[1][11]);
    }
}
