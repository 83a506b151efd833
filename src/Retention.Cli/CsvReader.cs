using System.Text;

namespace Retention.Cli;

/// <summary>
/// A small RFC 4180 reader: comma-separated fields, double-quoted fields with <c>""</c> escapes and embedded line
/// breaks, LF or CRLF line ends. Reports each record with the line number it starts on.
/// </summary>
internal sealed class CsvReader
{
    private readonly TextReader _reader;
    private int _line;

    internal CsvReader(TextReader reader) => _reader = reader;

    /// <summary>Reads the next record.</summary>
    /// <returns>The fields and the 1-based line the record starts on, or <see langword="null"/> at the end.</returns>
    /// <exception cref="CsvFormatException">Thrown when a quoted field is not closed.</exception>
    internal (string[] Fields, int Line)? Read()
    {
        var text = _reader.ReadLine();
        if (text is null)
        {
            return null;
        }

        _line++;
        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i >= text.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return ([.. fields], start);
                }

                // A quoted field goes on over a line break.
                var next = _reader.ReadLine() ?? throw new CsvFormatException(start, "a quoted field is not closed before the end of the file");
                _line++;
                field.Append('\n');
                text = next;
                i = 0;
                continue;
            }

            var c = text[i++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i < text.Length && text[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else
            {
                field.Append(c);
            }
        }
    }
}

/// <summary>A CSV file that cannot be read, with the line where the problem is.</summary>
internal sealed class CsvFormatException(int line, string problem) : Exception(problem)
{
    internal int Line { get; } = line;
}
