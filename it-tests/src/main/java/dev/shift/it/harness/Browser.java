package dev.shift.it.harness;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, both paths given so
 * Selenium Manager never downloads anything) with named tabs, explicit waits and PNG screenshots for a
 * person to look at after the run. Each instance has its own fresh profile directory, deleted on close.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("shift.it.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("shift.it.chromedriver", "/usr/bin/chromedriver"));
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    /**
     * Selenium's own noise, held strongly so the levels stick: "Unable to find CDP implementation matching
     * N" (no devtools module is needed: CDP commands go through chromedriver) and OpenTelemetry's start-up note.
     */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("io.opentelemetry.api.GlobalOpenTelemetry"));

    static {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private final Map<String, String> tabs = new LinkedHashMap<>();
    private String current;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Starts headless Chromium (1280x900); screenshots go to {@code screenshots}. */
    public static Browser start(Path screenshots) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: install Debian's chromium and chromium-driver "
                        + "(scripts/install-prereqs does)");
            }
        }
        Files.createDirectories(screenshots);
        Path profile = Files.createTempDirectory("shift-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--user-data-dir=" + profile, "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            Browser b = new Browser(driver, profile, screenshots);
            b.tabs.put("main", driver.getWindowHandle());
            b.current = "main";
            return b;
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} in the tab called {@code name}, creating the tab if needed, and makes it current. */
    public Browser open(String name, String url) {
        if (tabs.containsKey(name)) {
            tab(name);
        } else if (tabs.size() == 1 && tabs.containsKey("main")) {
            // The first named tab reuses the window the browser started with.
            tabs.put(name, tabs.remove("main"));
            tab(name);
        } else {
            driver.switchTo().newWindow(WindowType.TAB);
            tabs.put(name, driver.getWindowHandle());
            current = name;
        }
        driver.get(url);
        return this;
    }

    /** Makes the tab called {@code name} current. */
    public Browser tab(String name) {
        String handle = tabs.get(name);
        if (handle == null) {
            throw new IllegalArgumentException("no tab called " + name + "; open: " + tabs.keySet());
        }
        driver.switchTo().window(handle);
        current = name;
        return this;
    }

    public String currentTab() {
        return current;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** Waits until the element is visible and returns it. */
    public WebElement visible(By by) {
        return waitUntil("visible " + by, ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the element's text (trimmed) equals {@code text}. */
    public WebElement text(By by, String text) {
        waitUntil(by + " with text \"" + text + "\"", d -> text.equals(d.findElement(by).getText().trim()));
        return driver.findElement(by);
    }

    /** Waits until the element's text contains {@code part}. */
    public WebElement textContaining(By by, String part) {
        waitUntil(by + " containing \"" + part + "\"", d -> d.findElement(by).getText().contains(part));
        return driver.findElement(by);
    }

    /** The trimmed text of a visible element. */
    public String textOf(By by) {
        return waitUntil("text of " + by, d -> {
            WebElement e = d.findElement(by);
            return e.isDisplayed() ? e.getText().trim() : null;
        });
    }

    /** For failure messages: the element's text now (no waiting), cut to 600 characters. */
    public String visibleText(By by) {
        try {
            String t = driver.findElement(by).getText().replaceAll("\\s+", " ").trim();
            return t.length() > 600 ? t.substring(0, 600) + " …" : t;
        } catch (RuntimeException e) {
            return "(no " + by + ": " + e.getClass().getSimpleName() + ")";
        }
    }

    /** The element's DOM text ({@code textContent}, trimmed), as written in the page, whatever CSS does to it. */
    public String content(By by) {
        return waitUntil("content of " + by, d -> {
            String t = d.findElement(by).getDomProperty("textContent");
            return t == null ? null : t.trim();
        });
    }

    /** Clicks the element once it is clickable; finds it again if the page re-rendered it meanwhile. */
    public void click(By by) {
        waitUntil("clickable " + by, d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    /**
     * Clicks a form's submit button once and waits until the page it leads to has replaced this one. A form
     * posts asynchronously after the click: a refresh issued before the post has left would cancel it. The
     * click is made at most once per document: the document is marked first, and a click whose driver call
     * failed while the post went through anyway (the page was leaving) is recognised by the mark being gone,
     * instead of being clicked again on the next page.
     */
    public void submit(By by) {
        String mark = "submit-" + System.nanoTime();
        boolean[] clicked = new boolean[1];
        waitUntil("clickable " + by, d -> {
            if (clicked[0] && !marked(mark)) {
                return true; // the document the click was made in is gone: the form was posted
            }
            js("window.shiftSubmitMark = arguments[0];", mark);
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            clicked[0] = true;
            e.click();
            return true;
        });
        waitUntil("the page after submitting " + by, d -> !marked(mark));
        waitUntil("the page after submitting " + by + " to load",
                d -> "complete".equals(js("return document.readyState;")));
    }

    private boolean marked(String mark) {
        return mark.equals(js("return window.shiftSubmitMark;"));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Replaces the value of an input field. */
    public void type(By by, String value) {
        waitUntil("typing into " + by, d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            e.clear();
            e.sendKeys(value);
            return value.equals(e.getDomProperty("value"));
        });
    }

    /** Waits for a condition with {@link #DEFAULT_WAIT}, ignoring missing and re-rendered elements meanwhile. */
    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, DEFAULT_WAIT, Duration.ofMillis(100));
        wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waiting for " + what + " in tab '" + current + "' at " + driver.getCurrentUrl());
        return wait.until(d -> {
            try {
                return condition.apply(d);
            } catch (WebDriverException e) {
                // Chromium reports an element whose document was replaced meanwhile (the panel's live refresh,
                // a page being left) as an unknown error rather than a stale reference: the same thing, retried.
                String m = String.valueOf(e.getMessage());
                if (m.contains("does not belong to the document") || m.contains("Execution context was destroyed")) {
                    return null;
                }
                throw e;
            }
        });
    }

    /** Scrolls the element into view (for a screenshot). */
    public void scrollTo(By by) {
        js("arguments[0].scrollIntoView({block: 'start'});", visible(by));
    }

    /**
     * Saves a PNG of the whole page in the current tab (not only the 1280x900 viewport) as
     * {@code screenshots/fileName}; returns its path.
     */
    public Path screenshot(String fileName) {
        Path file = screenshots.resolve(fileName);
        byte[] png;
        try {
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.getOrDefault("cssContentSize", metrics.get("contentSize"));
            // The page's own width (the viewport less its scroll bar): a wider capture would lay the page out
            // again at another width, and a line that wraps differently there leaves the page's hit-testing
            // out of step with where Selenium aims its next click.
            double width = ((Number) size.get("width")).doubleValue();
            double height = Math.min(6000, ((Number) size.get("height")).doubleValue());
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                    "format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            png = Base64.getDecoder().decode((String) shot.get("data"));
        } catch (RuntimeException e) {
            png = driver.getScreenshotAs(OutputType.BYTES); // the viewport is better than nothing
        }
        try {
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Switches to {@code tab}, saves its screenshot, and stays there. */
    public Path screenshot(String tab, String fileName) {
        tab(tab);
        return screenshot(fileName);
    }

    public Path screenshotsDir() {
        return screenshots;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp profile is harmless
        }
    }
}
