using FsCheck;
using FsCheck.Fluent;

namespace ObrasQr.Fuzz.Tests;

/// <summary>
/// How long the fuzz runs: a fixed seed and a bounded number of cases per property, so CI is repeatable and quick.
/// OBRASQR_FUZZ_CASES multiplies the cases (e.g. 50 for a long run); OBRASQR_FUZZ_SEED picks another seed
/// (a number, or "random"). A failure prints the seed and the shrunk input to replay it.
/// </summary>
public static class Fuzz
{
    public static Config Config(int cases)
    {
        var factor = int.TryParse(Environment.GetEnvironmentVariable("OBRASQR_FUZZ_CASES"), out var f) && f > 0 ? f : 1;
        var seedText = Environment.GetEnvironmentVariable("OBRASQR_FUZZ_SEED");
        var seed = seedText == "random" ? (ulong)Random.Shared.NextInt64() : ulong.TryParse(seedText, out var s) ? s : 20261201UL;
        return FsCheck.Config.QuickThrowOnFailure.WithMaxTest(cases * factor).WithReplay(seed, 0x9E3779B97F4A7C15UL).WithQuietOnSuccess(true);
    }

    /// <summary>Runs an async check to completion outside xUnit's synchronisation context.</summary>
    public static void Wait(Func<Task> check) => Task.Run(check).GetAwaiter().GetResult();

    /// <summary>Text that has broken parsers before: quotes, separators, line breaks, formulas, surrogates, markup.</summary>
    public static readonly string[] Nasty =
    [
        "", " ", "\"", "\"\"", ",", ";", "\t", "\n", "\r", "\r\n", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\ud800", "\udfff",
        "𝄞", "ñandú", "<script>alert(1)</script>", "&amp;", "../../x", "NaN", "Infinity", "-0", "1e400", "9999-12-31",
        "0001-01-01", "1.000.000,50", "$ 1,234.56", "CO1.PCCNTR.5361557", "Obra", "En ejecución", "true", "null", "{}", "[]",
        "\0", "\u202e", "\ufeff", new string('a', 5000), "2026-02-30T25:61:00", "-75.55", "10.42", "sí",
    ];

    public static Gen<string> Text =>
        Gen.OneOf(Gen.Elements(Nasty), ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.ListOf(Gen.Elements(Nasty)).Select(parts => string.Concat(parts)));

    /// <summary>One change to a byte string: flip, insert, delete, duplicate, truncate or overwrite.</summary>
    public sealed record Mutation(int Kind, int Position, int Length, byte[] Data);

    public static Gen<Mutation> MutationGen =>
        from kind in Gen.Choose(0, 5)
        from position in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 256)
        from data in ArbMap.Default.GeneratorFor<byte[]>()
        select new Mutation(kind, position, length, data ?? []);

    public static byte[] Apply(byte[] bytes, IEnumerable<Mutation> mutations)
    {
        var b = bytes.ToList();
        foreach (var m in mutations)
        {
            var at = b.Count == 0 ? 0 : m.Position % (b.Count + 1);
            var len = Math.Min(m.Length, b.Count - at);
            switch (m.Kind)
            {
                case 0: if (at < b.Count) b[at] ^= (byte)(1 << (m.Position & 7)); break;
                case 1: b.InsertRange(at, m.Data); break;
                case 2: b.RemoveRange(at, len); break;
                case 3: b.InsertRange(at, b.GetRange(at, len)); break;
                case 4: b.RemoveRange(at, b.Count - at); break;
                default: for (var i = 0; i < m.Data.Length && at + i < b.Count; i++) b[at + i] = m.Data[i]; break;
            }
        }
        return b.ToArray();
    }

    public static string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);
}
