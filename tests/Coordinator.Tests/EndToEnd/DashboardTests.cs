using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// <c>evopo serve</c> against a real running <c>evopo search</c>, seen through headless Chromium as a person would:
/// the run is listed, its generation counter moves without a reload, the fitness chart has points, the landscape
/// image loads and the worker table shows the in-process worker.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class DashboardTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ChromiumFact]
    public async Task Dashboard_shows_a_running_search_live()
    {
        var runs = Path.Combine(_dir, "runs");
        // Enough generations that the search is still running while the page is watched; it is killed at the end.
        using var search = EvopoProcess.Start("search", "--config", SmallSearchConfig.WriteTo(_dir, generations: 60), "--runs", runs);
        var runId = EvopoProcess.RunIdIn(search.WaitForLine(l => l.StartsWith("run id:"), Timeout));
        search.WaitForLine(l => l.StartsWith("gen ", StringComparison.Ordinal), Timeout);

        using var serve = EvopoProcess.Start("serve", "--runs", runs, "--urls", "http://127.0.0.1:0");
        var url = AddressPattern().Match(serve.WaitForLine(l => l.StartsWith("dashboard on "), Timeout)).Value;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(url);

        var link = page.Locator($"#runs a[data-run-id='{runId}']");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();
        await Assertions.Expect(page.Locator("#run-id")).ToHaveTextAsync(runId);
        await Assertions.Expect(page.Locator("#run-state")).ToHaveTextAsync("running");

        // A reload would drop this marker: the counter must move while the same document stays loaded.
        await page.EvaluateAsync("() => window.notReloaded = true");
        var first = int.Parse(await page.Locator("#generation").TextContentAsync() ?? "0");
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('generation').textContent) > {first}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");

        Assert.True(await page.Locator("#fitness-chart circle.point").CountAsync() > 0, "the fitness chart has no points");
        Assert.True(await page.Locator("#timing-chart circle.point").CountAsync() > 0, "the timing chart has no points");
        var landscape = page.Locator("#landscape");
        await Assertions.Expect(landscape).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const img = document.getElementById('landscape'); return img.complete && img.naturalWidth > 0; }");
        var worker = page.Locator("#workers tr.worker").First;
        await Assertions.Expect(worker).ToBeVisibleAsync();
        Assert.Matches(@"^\d+$", (await worker.Locator("td").Nth(1).TextContentAsync())?.Trim() ?? "");

        Assert.False(search.HasExited, "the search ended before the dashboard was checked; raise its generations");
    }


    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex AddressPattern();
}
