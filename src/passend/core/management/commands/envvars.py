"""Print every environment variable the settings read, with its default and meaning."""

from django.core.management.base import BaseCommand

from passend.settings.env import REGISTRY


def markdown_table() -> str:
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for var in sorted(REGISTRY.values(), key=lambda v: v.name):
        default = "(secret)" if var.secret else f"`{var.default}`"
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the environment variables of Passend as a Markdown table (docs/operations.md)."

    def handle(self, *args, **options):
        self.stdout.write(markdown_table())
