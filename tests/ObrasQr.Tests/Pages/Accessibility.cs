using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ObrasQr.Tests.Pages;

/// <summary>axe's WCAG 2.1 AA rules, as every browser test runs them (Resolución MinTIC 1519 de 2020, Anexo 1).</summary>
public static class Accessibility
{
    public static readonly AxeRunOptions WcagAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>No violation on the page, and the contrast rule really ran (axe checked AA, not an empty page).</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var axe = await page.RunAxe(WcagAA);
        Assert.Contains(axe.Passes, rule => rule.Id == "color-contrast");
        Assert.True(axe.Violations.Length == 0, page.Url + "\n" + string.Join("\n", axe.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
