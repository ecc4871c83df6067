"""``toolkit prompts``: read the prompt templates and see exactly what would be sent, without sending it."""

from __future__ import annotations

import json

import click

from ..platforms import PLATFORM_KEYS, PLATFORMS, resolve_platforms
from ..repurpose.cli import load_brief
from ..repurpose.layout import Layout
from ..repurpose.load import load_source
from ..repurpose.parse import parse
from .plan import DraftJob, make_task
from .prompts import Prompts
from .schemas import KINDS
from .settings import LLMSettings

_TEMPLATES = click.option("--templates", type=click.Path(file_okay=False), envvar="TOOLKIT_PROMPTS",
                          help="Your template folder (overrides single files of prompts/; env TOOLKIT_PROMPTS).")
_DEFAULT_PLATFORM = {"captions": "x", "thread": "x", "carousel": "linkedin"}


@click.group()
def prompts() -> None:
    """The Jinja2 prompt templates the OpenAI backend sends (edit copies in your own folder)."""


@prompts.command("list")
@_TEMPLATES
def list_templates(templates: str | None) -> None:
    """List the prompt templates, where each comes from, and the variables it uses."""
    for info in Prompts.from_layout(Layout(templates)).list():
        click.echo(f"{info.name}  [{info.origin}]  sha256:{info.sha256[:12]}")
        for line in info.description.splitlines():
            click.echo(f"    {line}")


@prompts.command("render")
@click.argument("name", type=click.Choice(list(KINDS)))
@click.option("--post", "post_path", required=True, metavar="FILE|-", help="The blog post to render the prompt for.")
@click.option("--platform", "-p", "platforms", multiple=True,
              help=f"Platform(s); default: x for captions and thread, linkedin for carousel, all for hashtags. One of {', '.join(PLATFORM_KEYS)}.")
@click.option("--brief", "brief_path", type=click.Path(dir_okay=False), help="Brief as JSON or TOML.")
@click.option("--language", type=click.Choice(["auto", "ar", "en"]), help="Output language (default: the post's).")
@click.option("--variants", "-n", type=click.IntRange(1, 10), help="Captions to ask for (default 3).")
@click.option("--model", help="Model name written into the request (default: TOOLKIT_LLM_MODEL or gpt-4o-mini).")
@click.option("--json", "as_json", is_flag=True, help="Print the request body exactly as it would be sent.")
@_TEMPLATES
def render_prompt(name: str, post_path: str, platforms: tuple[str, ...], brief_path: str | None, language: str | None,
                  variants: int | None, model: str | None, as_json: bool, templates: str | None) -> None:
    """Render template NAME for a post: the system and user messages and the answer's JSON schema."""
    brief = load_brief(brief_path, {"language": language, "variants": variants})
    post = parse(load_source(post_path))
    layout = Layout(templates)
    selected = resolve_platforms(list(platforms) or ([_DEFAULT_PLATFORM[name]] if name in _DEFAULT_PLATFORM else None))
    target = None
    if name != "hashtags":
        target = next((p for p in selected if name == "captions" or getattr(p, name) is not None), None)
        if target is None:
            able = [k for k, p in PLATFORMS.items() if getattr(p, name) is not None]
            raise click.UsageError(f"No {name} on {', '.join(p.key for p in selected)}: choose one of {', '.join(able)}.")
    job = DraftJob(post=post, brief=brief, language=brief.language_for(post),
              platforms=selected, layout=layout)
    prompts_ = Prompts.from_layout(layout)
    task = make_task(name, target, job, prompts_, LLMSettings.from_env(model=model))  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(task.request.body(), ensure_ascii=False, indent=2))
        return
    click.echo(f"# {task.template} (sha256:{task.template_hash[:12]}) for {task.key}, model {task.request.model}")
    for message in task.request.messages:
        click.echo(f"\n--- {message['role']} ---\n{message['content']}")
    schema = task.request.response_format["json_schema"]
    click.echo(f"\n--- response_format: JSON schema {schema['name']!r} (strict) ---")
    click.echo(json.dumps(schema["schema"], ensure_ascii=False, indent=2))
