using System.Security;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using ObrasQr.Http;
using ObrasQr.Secop;
using ObrasQr.Tests.Secop;

namespace ObrasQr.Fuzz.Tests;

/// <summary>
/// The readers that face hostile bodies on their own: the one form reader (multipart, cut and mutated) and the .xlsx
/// cell check. Never an exception but their refusal, and nothing over the limit ever comes through.
/// </summary>
public sealed class ReaderFuzzTests
{
    const int Limit = 2_048;

    static Gen<(string Name, string Value)[]> Fields =>
        Gen.ListOf(from name in Gen.OneOf(Gen.Elements("category", "description", "token", "held", "csrf"), Fuzz.Text)
                   from value in Gen.OneOf(Fuzz.Text, Gen.Choose(0, 3 * Limit).Select(n => new string('v', n)))
                   select (name, value)).Select(f => f.Take(8).ToArray());

    static byte[] Multipart(string boundary, (string Name, string Value)[] fields, byte[] file)
    {
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
            body.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name.Replace("\"", "%22")}\"\r\n\r\n{value}\r\n");
        var head = Encoding.UTF8.GetBytes(body + $"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        return [.. head, .. file, .. Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n")];
    }

    [Fact]
    public void The_form_reader_answers_a_form_within_its_limits_or_a_refusal_for_any_body()
    {
        var gen = from fields in Fields
                  from fileSize in Gen.Choose(0, 2 * Limit)
                  from mutations in Gen.ListOf(Fuzz.MutationGen).Select(l => l.Take(3).ToArray())
                  from boundary in Gen.Elements("b", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "", new string('x', 71))
                  select (fields, fileSize, mutations, boundary);
        var outcomes = new Dictionary<int, int>();
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(async () =>
        {
            var body = Fuzz.Apply(Multipart(c.boundary, c.fields, new byte[c.fileSize]), c.mutations);
            var context = new DefaultHttpContext();
            context.Request.Method = "POST";
            context.Request.ContentType = $"multipart/form-data; boundary={c.boundary}";
            context.Request.Body = new MemoryStream(body);

            var (form, problem) = await FormBody.ReadAsync(context.Request, Limit);

            Assert.True(form is null != problem is null);
            if (problem is not null)
            {
                Assert.Contains(problem.Status, new[] { 400, 408, 413, 415 });
                outcomes[problem.Status] = outcomes.GetValueOrDefault(problem.Status) + 1;
                return;
            }
            outcomes[200] = outcomes.GetValueOrDefault(200) + 1;
            Assert.All(form!.Files, f => Assert.True(f.Length <= Limit, $"a part of {f.Length} bytes"));
            Assert.All(form, f => Assert.True(f.Value.ToString().Length <= Limit, $"a value of {f.Value.ToString().Length} characters"));
        })).Check(Fuzz.Config(300));
        Assert.True(outcomes.GetValueOrDefault(200) > 0 && outcomes.GetValueOrDefault(400) > 0 && outcomes.GetValueOrDefault(413) > 0,
            string.Join(", ", outcomes));
    }

    [Fact]
    public void The_xlsx_cell_check_refuses_or_lets_through_only_cells_within_the_limit()
    {
        var cell = from text in Gen.OneOf(Fuzz.Text, Gen.Choose(0, Limit + Limit / 4).Select(n => new string('c', n)))
                   from shared in ArbMap.Default.GeneratorFor<bool>()
                   from escape in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
                   select (Text: escape ? SecurityElement.Escape(text) ?? "" : text, shared);
        var gen = from cells in Gen.ListOf(cell).Select(l => l.Take(6).ToArray())
                  from mutations in Gen.Frequency((3, Gen.Constant(Array.Empty<Fuzz.Mutation>())),
                      (1, Gen.ListOf(Fuzz.MutationGen).Select(l => l.Take(2).ToArray())))
                  select (cells, mutations);
        var outcomes = new Dictionary<string, int>();
        Prop.ForAll(gen.ToArbitrary(), c => Fuzz.Wait(async () =>
        {
            var shared = c.cells.Where(x => x.shared).Select(x => x.Text).ToArray();
            var rows = new StringBuilder(XlsxFile.Header);
            var n = 0;
            foreach (var (text, isShared) in c.cells)
            {
                var row = rows.Length;
                var value = isShared ? $"""<c r="B{row}" t="s"><v>{n++}</v></c>""" : $"""<c r="B{row}" t="inlineStr"><is><t>{text}</t></is></c>""";
                rows.Append($"""<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>CO1.PCCNTR.{row}</t></is></c>{value}</row>""");
            }
            using var original = XlsxFile.Of(rows.ToString(), shared);
            using var file = new MemoryStream(Fuzz.Apply(original.ToArray(), c.mutations));
            try
            {
                await foreach (var record in SpreadsheetExportReader.ReadAsync(file, default, Limit))
                    Assert.True((record.Raw("Objeto del Contrato")?.Length ?? 0) <= Limit, "a cell over the limit came through");
                outcomes["read"] = outcomes.GetValueOrDefault("read") + 1;
            }
            catch (SecopFileRejected)
            {
                outcomes["refused"] = outcomes.GetValueOrDefault("refused") + 1;
            }
        })).Check(Fuzz.Config(150));
        Assert.True(outcomes.GetValueOrDefault("read") > 0 && outcomes.GetValueOrDefault("refused") > 0, string.Join(", ", outcomes));
    }
}
