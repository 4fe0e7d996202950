import type { Command, Completes } from '../command.js';

// Completion scripts for bash, zsh and fish, written from the command list so a new command or
// option completes without touching them. Providers and account selectors are asked of
// `signet __complete <kind>` while completing, so they are the ones this person has.

type Visible = Pick<Command, 'name' | 'summary' | 'options' | 'completes'>;

const fixedValues: Partial<Record<Completes, string[]>> = {
  shell: ['bash', 'zsh', 'fish'],
  'git-action': ['get', 'store', 'erase'],
};
const dynamic = (kind: Completes) => kind === 'provider' || kind === 'account';
const optionWords = (command: Visible) => Object.keys(command.options).map((name) => `--${name}`);
const takesValue = (commands: readonly Visible[]) => [
  ...new Set(
    commands.flatMap((command) =>
      Object.entries(command.options)
        .filter(([, spec]) => spec.type === 'string')
        .map(([name]) => `--${name}`),
    ),
  ),
];

export function bashCompletion(commands: readonly Visible[]): string {
  const cases = commands
    .map((command) => {
      const values = fixedValues[command.completes];
      const positional = dynamic(command.completes)
        ? `candidates="$("\${words[0]}" __complete ${command.completes} 2>/dev/null)"`
        : values
          ? `candidates="${values.join(' ')}"`
          : 'candidates=""';
      return `    ${command.name}) opts="${[...optionWords(command), '--help'].join(' ')}"; ${positional} ;;`;
    })
    .join('\n');
  return `# bash completion for signet: eval "$(signet completion bash)" in ~/.bashrc
_signet() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur="" cmd="" positionals=0 candidates="" opts="" word prev=""
  local -a words
  read -ra words <<<"$line"
  [[ "$line" == *" " ]] || { cur="\${words[-1]}"; unset 'words[-1]'; }
  for word in "\${words[@]:1}"; do
    if [[ "$word" == "--" ]]; then return 0; fi
    if [[ -z "$cmd" ]]; then [[ "$word" == -* ]] || cmd="$word"
    elif [[ "$word" != -* && " ${takesValue(commands).join(' ')} " != *" $prev "* ]]; then positionals=$((positionals + 1))
    fi
    prev="$word"
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "${commands.map((command) => command.name).join(' ')} --help --version" -- "$cur"))
    return 0
  fi
  case "$cmd" in
${cases}
    *) return 0 ;;
  esac
  if [[ " ${takesValue(commands).join(' ')} " == *" $prev "* ]]; then return 0; fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif ((positionals == 0)); then
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  fi
  # bash splits words at ':' (COMP_WORDBREAKS): answer only the part after the last one.
  if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
    local prefix="\${cur%"\${cur##*:}"}"
    COMPREPLY=("\${COMPREPLY[@]#"$prefix"}")
  fi
}
complete -F _signet signet
`;
}

export function zshCompletion(commands: readonly Visible[]): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const described = commands
    .map((command) => `    ${quote(`${command.name}:${command.summary}`)}`)
    .join('\n');
  const cases = commands
    .map((command) => {
      const values = fixedValues[command.completes];
      const positional = dynamic(command.completes)
        ? `candidates=(\${(f)"$($words[1] __complete ${command.completes} 2>/dev/null)"})`
        : values
          ? `candidates=(${values.join(' ')})`
          : 'candidates=()';
      return `    ${command.name}) opts=(${[...optionWords(command), '--help'].join(' ')}); ${positional} ;;`;
    })
    .join('\n');
  return `#compdef signet
# zsh completion for signet: after compinit, source <(signet completion zsh) in ~/.zshrc
_signet() {
  local -a commands opts candidates
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    if [[ $PREFIX == -* ]]; then compadd -- --help --version; else _describe -t commands 'signet command' commands; fi
    return
  fi
  (( \${words[(I)--]} && \${words[(I)--]} < CURRENT )) && return
  case $words[2] in
${cases}
    *) return 1 ;;
  esac
  case $words[CURRENT-1] in ${takesValue(commands).join('|')}) return ;; esac
  if [[ $PREFIX == -* ]]; then compadd -- $opts
  elif (( CURRENT == 3 )); then compadd -- $candidates
  fi
}
if (( $+functions[compdef] )); then compdef _signet signet; fi
`;
}

export function fishCompletion(commands: readonly Visible[]): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = [
    '# fish completion for signet: signet completion fish > ~/.config/fish/completions/signet.fish',
    'function __signet_at_command',
    '    test (count (commandline -opc)) -eq 1',
    'end',
    'function __signet_first_argument_of',
    '    set -l tokens (commandline -opc)',
    '    test (count $tokens) -eq 2; and test $tokens[2] = $argv[1]',
    'end',
    'function __signet_words',
    '    set -l signet (commandline -opc)[1]',
    '    $signet __complete $argv 2>/dev/null',
    'end',
    'complete -c signet -f',
    "complete -c signet -n __signet_at_command -s h -l help -d 'show usage'",
    "complete -c signet -n __signet_at_command -s v -l version -d 'show the version'",
  ];
  for (const command of commands) {
    lines.push(`complete -c signet -n __signet_at_command -a ${command.name} -d ${quote(command.summary)}`);
    for (const [name, spec] of Object.entries(command.options)) {
      lines.push(
        `complete -c signet -n '__fish_seen_subcommand_from ${command.name}' -l ${name}${spec.type === 'string' ? ' -r' : ''} -d ${quote(spec.description)}`,
      );
    }
    const values = fixedValues[command.completes];
    const source = dynamic(command.completes)
      ? `'(__signet_words ${command.completes})'`
      : values
        ? quote(values.join(' '))
        : undefined;
    if (source) lines.push(`complete -c signet -n '__signet_first_argument_of ${command.name}' -a ${source}`);
  }
  return `${lines.join('\n')}\n`;
}
