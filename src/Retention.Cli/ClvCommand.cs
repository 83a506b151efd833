using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Retention.Clv;

namespace Retention.Cli;

/// <summary><c>retention clv fit</c> and <c>retention clv predict</c>: the probabilistic CLV models on summary CSVs.</summary>
internal static class ClvCommand
{
    /// <summary>The model names the <c>--model</c> option accepts, in the order the help lists them.</summary>
    internal static readonly string[] Models =
    [
        BgNbdModel.Name, MbgNbdModel.Name, ParetoNbdModel.Name, GammaGammaModel.Name, BgBbModel.Name, ShiftedBetaGeometricModel.Name,
    ];

    internal static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("clv", "Fit the probabilistic CLV models (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB, sBG) and predict with them.");
        command.Subcommands.Add(CreateFit(output, error));
        command.Subcommands.Add(CreatePredict(output));
        return command;
    }

    /// <summary>The parameter names of a model, as in the literature and in <see cref="ClvFitResult.Parameters"/>.</summary>
    internal static string[] ParameterNames(string model) => model switch
    {
        BgNbdModel.Name or MbgNbdModel.Name => ["r", "alpha", "a", "b"],
        ParetoNbdModel.Name => ["r", "alpha", "s", "beta"],
        GammaGammaModel.Name => ["p", "q", "v"],
        BgBbModel.Name => ["alpha", "beta", "gamma", "delta"],
        ShiftedBetaGeometricModel.Name => ["alpha", "beta"],
        _ => throw new UsageException($"unknown model \"{model}\" (models: {string.Join(", ", Models)})."),
    };

    private static Option<string> ModelOption()
    {
        var model = new Option<string>("--model") { Description = "The model: " + string.Join(", ", Models) + ".", Required = true };
        model.AcceptOnlyFromAmong(Models);
        return model;
    }

    private static Command CreateFit(TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var input = new Option<FileInfo>("--input")
        {
            Description = "Summary CSV with a header: frequency,recency,T (bgnbd, mbgnbd, paretonbd); frequency,monetary_value (gammagamma); "
                + "frequency,recency,periods (bgbb); an optional weights column; period,alive (sbg). Other columns are ignored.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("fit", "Fit a model by maximum likelihood to a summary CSV and print its parameters.");
        command.Options.Add(model);
        command.Options.Add(input);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(model)!;
            var fit = ClvFit.Run(name, parseResult.GetValue(input)!);
            if (parseResult.GetValue(json))
            {
                WriteFitJson(output, fit);
            }
            else
            {
                WriteFitText(output, fit);
            }

            if (!fit.Converged)
            {
                error.WriteLine("warning: the fit did not converge: " + fit.FailureReason);
            }

            return CliApp.Success;
        });
        return command;
    }

    internal static void WriteFitJson(TextWriter output, ClvFitResult fit)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("model", fit.ModelName);
            writer.WriteStartObject("parameters");
            foreach (var p in fit.Parameters)
            {
                Number(writer, p.Name, p.Value);
            }

            writer.WriteEndObject();
            Number(writer, "log_likelihood", fit.LogLikelihood);
            writer.WriteBoolean("converged", fit.Converged);
            writer.WriteNumber("iterations", fit.Iterations);
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    internal static void WriteFitText(TextWriter output, ClvFitResult fit)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{fit.ModelName} fit on {fit.TotalWeight:#,0.###} {(fit.ModelName == ShiftedBetaGeometricModel.Name ? "customers in the cohort" : "customers")}"));
        output.WriteLine($"  {"parameter",-16}{"estimate",16}{"std. error",16}");
        foreach (var p in fit.Parameters)
        {
            output.WriteLine(string.Create(inv, $"  {p.Name,-16}{p.Value,16:G7}{p.StandardError,16:G4}"));
        }

        output.WriteLine(string.Create(inv, $"  {"log-likelihood",-16}{fit.LogLikelihood,16:F4}"));
        output.WriteLine(string.Create(inv, $"  {"converged",-16}{(fit.Converged ? "yes" : "no"),16}"));
        output.WriteLine(string.Create(inv, $"  {"iterations",-16}{fit.Iterations,16}"));
        if (!fit.Converged)
        {
            output.WriteLine("  reason: " + fit.FailureReason);
        }
    }

    private static Command CreatePredict(TextWriter output)
    {
        var model = ModelOption();
        var parameters = new Option<string[]>("--param")
        {
            Description = "A model parameter NAME=VALUE (repeat, or list several after one --param), for example --param r=0.243 alpha=4.414 a=0.793 b=2.426.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var frequency = NumberOption("--frequency", "Repeat purchases x (0 with --recency 0 and --T 0 or --periods 0: a new customer).");
        var recency = NumberOption("--recency", "Recency: first to last purchase (bgbb: the opportunity of the last purchase).");
        var age = NumberOption("--T", "T: first purchase to the end of calibration, in the model's time unit (bgnbd, mbgnbd, paretonbd).");
        var periods = NumberOption("--periods", "Opportunities n seen in calibration (bgbb; instead of --T).");
        var horizon = NumberOption("--horizon", "Prediction horizon, in the model's time unit (bgbb and sbg: whole periods).");
        var monetary = NumberOption("--monetary-value", "Average spend per repeat purchase (gammagamma).");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("predict", "Predict for one customer with given parameters: expected purchases and probability alive, or expected average spend (gammagamma), or survival (sbg).");
        foreach (var option in new Option[] { model, parameters, frequency, recency, age, periods, horizon, monetary, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(model)!;
            var values = ParseParameters(name, parseResult.GetValue(parameters) ?? []);
            var request = new ClvPrediction.Request(
                parseResult.GetValue(frequency),
                parseResult.GetValue(recency),
                parseResult.GetValue(age),
                parseResult.GetValue(periods),
                parseResult.GetValue(horizon),
                parseResult.GetValue(monetary));
            IReadOnlyList<(string Name, double Value)> result;
            try
            {
                result = ClvPrediction.Predict(name, values, request);
            }
            catch (InvalidValueException e)
            {
                // The customer comes from the command line, so a value out of range is a usage error.
                throw new UsageException(e.Message);
            }

            if (parseResult.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    foreach (var (key, value) in result)
                    {
                        Number(writer, key, value);
                    }

                    writer.WriteEndObject();
                }

                output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            }
            else
            {
                foreach (var (key, value) in result)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Replace('_', ' '),-24}{value,20:G10}"));
                }
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Option<double?> NumberOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                r.AddError($"{name} must be a finite number, not \"{text}\".");
                return null;
            }

            return value;
        },
    };

    /// <summary>Reads NAME=VALUE pairs into the model's parameters in the literature's order.</summary>
    /// <exception cref="UsageException">Thrown for a malformed pair, an unknown or repeated name, or a missing parameter.</exception>
    internal static double[] ParseParameters(string model, IReadOnlyList<string> pairs)
    {
        var names = ParameterNames(model);
        var values = new double?[names.Length];
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--param \"{pair}\" is not NAME=VALUE.");
            }

            var key = pair[..eq].Trim();
            var index = Array.IndexOf(names, key);
            if (index < 0)
            {
                throw new UsageException($"--param {key}: {model} has no parameter \"{key}\" (parameters: {string.Join(", ", names)}).");
            }

            if (values[index] is not null)
            {
                throw new UsageException($"--param {key} is given twice.");
            }

            var text = pair[(eq + 1)..].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0d)
            {
                throw new UsageException($"--param {key}: \"{text}\" is not a finite number above 0.");
            }

            values[index] = value;
        }

        var missing = names.Where((_, i) => values[i] is null).ToArray();
        if (missing.Length > 0)
        {
            throw new UsageException($"missing --param for {string.Join(", ", missing)} ({model} needs {string.Join(", ", names.Select(n => n + "=VALUE"))}).");
        }

        return values.Select(v => v!.Value).ToArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        // JSON has no NaN or infinity; a value that is not finite (a standard error, a failed fit) is null.
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

/// <summary>Reads a summary CSV for one model and fits it.</summary>
internal static class ClvFit
{
    /// <summary>Reads <paramref name="file"/> in the columns <paramref name="model"/> needs and fits the model.</summary>
    /// <exception cref="UsageException">Thrown when the header lacks a column the model needs.</exception>
    /// <exception cref="BadDataException">Thrown for an unreadable file or a bad row, naming the line.</exception>
    internal static ClvFitResult Run(string model, FileInfo file)
    {
        var table = SummaryTable.Read(file, model);
        try
        {
            return model switch
            {
                BgNbdModel.Name => BgNbdModel.Fit(table.Columns[0], table.Columns[1], table.Columns[2], table.Weights),
                MbgNbdModel.Name => MbgNbdModel.Fit(table.Columns[0], table.Columns[1], table.Columns[2], table.Weights),
                ParetoNbdModel.Name => ParetoNbdModel.Fit(table.Columns[0], table.Columns[1], table.Columns[2], table.Weights),
                GammaGammaModel.Name => GammaGammaModel.Fit(table.Columns[0], table.Columns[1], table.Weights),
                BgBbModel.Name => BgBbModel.Fit(table.Columns[0], table.Columns[1], table.Columns[2], table.Weights),
                ShiftedBetaGeometricModel.Name => ShiftedBetaGeometricModel.Fit(table.Columns[1]),
                _ => throw new UsageException($"unknown model \"{model}\"."),
            };
        }
        catch (InvalidValueException e)
        {
            // The library names the row by its index, as in T[3]; the user needs the file's line.
            throw new BadDataException(table.Locate(e));
        }
    }
}

/// <summary>The numeric columns of a summary CSV, with the file line of every row kept.</summary>
internal sealed class SummaryTable
{
    private SummaryTable(string source, string[] names, double[][] columns, double[] weights, int[] lines)
    {
        Source = source;
        Names = names;
        Columns = columns;
        Weights = weights;
        Lines = lines;
    }

    internal string Source { get; }

    /// <summary>Gets the names of the columns read, in the order the model takes them.</summary>
    internal string[] Names { get; }

    internal double[][] Columns { get; }

    /// <summary>Gets the weights, or an empty array when the file has no <c>weights</c> column.</summary>
    internal double[] Weights { get; }

    /// <summary>Gets the 1-based file line of every row.</summary>
    internal int[] Lines { get; }

    /// <summary>The columns a model's fit reads, in the order it takes them.</summary>
    internal static string[] RequiredColumns(string model) => model switch
    {
        BgNbdModel.Name or MbgNbdModel.Name or ParetoNbdModel.Name => ["frequency", "recency", "T"],
        GammaGammaModel.Name => ["frequency", "monetary_value"],
        BgBbModel.Name => ["frequency", "recency", "periods"],
        ShiftedBetaGeometricModel.Name => ["period", "alive"],
        _ => throw new UsageException($"unknown model \"{model}\"."),
    };

    /// <summary>Reads the columns <paramref name="model"/> needs; others are ignored. Gamma-Gamma rows with frequency 0 are dropped.</summary>
    internal static SummaryTable Read(FileInfo file, string model)
    {
        var source = file.Name;
        try
        {
            using var reader = new StreamReader(file.FullName);
            return Read(reader, source, model);
        }
        catch (CsvFormatException e)
        {
            throw new BadDataException($"{source}:{e.Line}: {e.Message}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadDataException(source + ": " + e.Message);
        }
    }

    private static SummaryTable Read(TextReader text, string source, string model)
    {
        var required = RequiredColumns(model);
        var csv = new CsvReader(text);
        var header = csv.Read() ?? throw new BadDataException($"{source}: the file is empty; expected a header {string.Join(",", required)}.");
        var names = header.Fields.Select(f => f.Trim()).ToArray();
        var indexes = new int[required.Length];
        for (var k = 0; k < required.Length; k++)
        {
            // Exact names (T is upper case in the literature and in lifetimes' summaries); other columns, such as an ID, are ignored.
            indexes[k] = Array.IndexOf(names, required[k]);
        }

        var weightIndex = model == ShiftedBetaGeometricModel.Name ? -1 : Array.IndexOf(names, "weights");
        var missing = required.Where((_, k) => indexes[k] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new UsageException(
                $"{source}:1: the {model} model needs the columns {string.Join(",", required)}{(model == ShiftedBetaGeometricModel.Name ? string.Empty : " (and optionally weights)")}; "
                + $"missing {string.Join(", ", missing)} (columns: {string.Join(", ", names)}).");
        }

        var columns = required.Select(_ => new List<double>()).ToArray();
        var weights = new List<double>();
        var lines = new List<int>();
        while (csv.Read() is var (fields, line))
        {
            if (fields.Length == 1 && fields[0].Trim().Length == 0)
            {
                continue;
            }

            if (fields.Length != names.Length)
            {
                throw new BadDataException($"{source}:{line}: expected {names.Length} fields as in the header, found {fields.Length}.");
            }

            var row = new double[required.Length];
            for (var k = 0; k < required.Length; k++)
            {
                row[k] = Parse(fields[indexes[k]], required[k], source, line);
            }

            var weight = weightIndex < 0 ? 1d : Parse(fields[weightIndex], "weights", source, line);
            if (model == GammaGammaModel.Name && row[0] == 0d)
            {
                continue; // Gamma-Gamma models the spend of repeat purchases: customers without any are ignored.
            }

            if (model == ShiftedBetaGeometricModel.Name && row[0] != lines.Count)
            {
                throw new BadDataException(string.Create(CultureInfo.InvariantCulture, $"{source}:{line}: column 'period' value {row[0]} should be {lines.Count}: periods must run 0, 1, 2, ... in order."));
            }

            for (var k = 0; k < required.Length; k++)
            {
                columns[k].Add(row[k]);
            }

            weights.Add(weight);
            lines.Add(line);
        }

        if (lines.Count == 0)
        {
            throw new BadDataException($"{source}: no rows to fit{(model == GammaGammaModel.Name ? " (no customer with frequency above 0)" : string.Empty)}.");
        }

        return new SummaryTable(source, required, columns.Select(c => c.ToArray()).ToArray(), weightIndex < 0 ? [] : [.. weights], [.. lines]);
    }

    private static double Parse(string field, string column, string source, int line)
    {
        var text = field.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new BadDataException($"{source}:{line}: column '{column}' value \"{text}\" is not a finite number.");
        }

        return value;
    }

    /// <summary>Turns the library's complaint about row i (a field such as <c>T[3]</c>) into one about the file's line.</summary>
    internal string Locate(InvalidValueException e)
    {
        var field = e.Field;
        var open = field.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && field.EndsWith(']')
            && int.TryParse(field.AsSpan(open + 1, field.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < Lines.Length)
        {
            var column = field[..open] switch
            {
                "age" => "T",
                "monetaryValue" => "monetary_value",
                var other => other,
            };
            return $"{Source}:{Lines[index]}: column '{column}' value {e.Value} {e.Rule}.";
        }

        return $"{Source}: {e.Message}";
    }
}

/// <summary>A prediction for one customer from given parameters.</summary>
internal static class ClvPrediction
{
    /// <summary>The customer and horizon options as given; <see langword="null"/> when absent.</summary>
    internal sealed record Request(double? Frequency, double? Recency, double? Age, double? Periods, double? Horizon, double? MonetaryValue);

    /// <summary>Returns the named results in output order.</summary>
    /// <exception cref="UsageException">Thrown when an option the model needs is missing or one it does not take is given.</exception>
    internal static IReadOnlyList<(string Name, double Value)> Predict(string model, double[] p, Request q)
    {
        switch (model)
        {
            case BgNbdModel.Name:
            case MbgNbdModel.Name:
            case ParetoNbdModel.Name:
            {
                Only(model, q, "--frequency", "--recency", "--T", "--horizon");
                var (x, tx, age, t) = (q.Frequency!.Value, q.Recency!.Value, q.Age!.Value, q.Horizon!.Value);
                var isNew = x == 0d && tx == 0d && age == 0d;
                (Func<double, double, double, double, double> expected, Func<double, double, double, double> alive, Func<double, double> newCustomer) = model switch
                {
                    BgNbdModel.Name => Bind(new BgNbdModel(p[0], p[1], p[2], p[3])),
                    MbgNbdModel.Name => Bind(new MbgNbdModel(p[0], p[1], p[2], p[3])),
                    _ => Bind(new ParetoNbdModel(p[0], p[1], p[2], p[3])),
                };
                return isNew
                    ? [("expected_purchases", newCustomer(t)), ("probability_alive", 1d)]
                    : [("expected_purchases", expected(t, x, tx, age)), ("probability_alive", alive(x, tx, age))];
            }

            case BgBbModel.Name:
            {
                Only(model, q, "--frequency", "--recency", "--periods", "--horizon");
                var bgbb = new BgBbModel(p[0], p[1], p[2], p[3]);
                var h = WholeNumber(q.Horizon!.Value, "--horizon");
                var (x, tx, n) = (q.Frequency!.Value, q.Recency!.Value, q.Periods!.Value);
                return x == 0d && tx == 0d && n == 0d
                    ? [("expected_purchases", bgbb.ExpectedPurchasesNewCustomer(h)), ("probability_alive", 1d)]
                    : [("expected_purchases", bgbb.ExpectedPurchases(h, x, tx, n)), ("probability_alive", bgbb.ProbabilityAlive(x, tx, n))];
            }

            case GammaGammaModel.Name:
            {
                Only(model, q, "--frequency", "--monetary-value");
                var gg = new GammaGammaModel(p[0], p[1], p[2]);
                return [("expected_average_spend", gg.ExpectedAverageSpend(q.Frequency!.Value, q.MonetaryValue!.Value))];
            }

            default:
            {
                Only(model, q, "--horizon");
                var sbg = new ShiftedBetaGeometricModel(p[0], p[1]);
                var t = WholeNumber(q.Horizon!.Value, "--horizon");
                return t == 0
                    ? [("survival", 1d)]
                    : [("survival", sbg.Survival(t)), ("retention_rate", sbg.RetentionRate(t)), ("churn_probability", sbg.ChurnProbability(t))];
            }
        }
    }

    private static (Func<double, double, double, double, double>, Func<double, double, double, double>, Func<double, double>) Bind(BgNbdModel m) =>
        (m.ExpectedPurchases, m.ProbabilityAlive, m.ExpectedPurchasesNewCustomer);

    private static (Func<double, double, double, double, double>, Func<double, double, double, double>, Func<double, double>) Bind(MbgNbdModel m) =>
        (m.ExpectedPurchases, m.ProbabilityAlive, m.ExpectedPurchasesNewCustomer);

    private static (Func<double, double, double, double, double>, Func<double, double, double, double>, Func<double, double>) Bind(ParetoNbdModel m) =>
        (m.ExpectedPurchases, m.ProbabilityAlive, m.ExpectedPurchasesNewCustomer);

    private static int WholeNumber(double value, string option)
    {
        if (value < 0d || value > int.MaxValue || value != Math.Floor(value))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {value} must be a whole number of periods, 0 or more."));
        }

        return (int)value;
    }

    /// <summary>Checks that exactly the options <paramref name="needed"/> of the customer options are given.</summary>
    private static void Only(string model, Request q, params string[] needed)
    {
        var given = new (string Name, double? Value)[]
        {
            ("--frequency", q.Frequency), ("--recency", q.Recency), ("--T", q.Age), ("--periods", q.Periods), ("--horizon", q.Horizon), ("--monetary-value", q.MonetaryValue),
        };
        var missing = given.Where(g => g.Value is null && needed.Contains(g.Name)).Select(g => g.Name).ToArray();
        var extra = given.Where(g => g.Value is not null && !needed.Contains(g.Name)).Select(g => g.Name).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
        {
            var problems = new List<string>();
            if (missing.Length > 0)
            {
                problems.Add("missing " + string.Join(", ", missing));
            }

            if (extra.Length > 0)
            {
                problems.Add("does not take " + string.Join(", ", extra));
            }

            throw new UsageException($"predict with {model} needs {string.Join(" ", needed.Select(n => n + " VALUE"))}: {string.Join("; ", problems)}.");
        }
    }
}

/// <summary>A usage error found after parsing (a missing column, parameter or option the model needs): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
