# Completes a command line in a real interactive zsh, as a person pressing TAB would, and prints
# each candidate zsh's completion system offers, one a line.
#   zsh -f zsh-complete.zsh SCRIPT LINE compinit|no-compinit [SETUP]
# SCRIPT is sourced in that shell (the user's `source <(glassprobe-probe completion)`), after
# `compinit` has run (as in most users' .zshrc) or not, and after SETUP (such as an alias). LINE is typed into zsh's line editor,
# in a pseudo-terminal (zsh/zpty), followed by TAB; zsh's compadd is wrapped to print what the
# completion functions hand it. The way of capturing is Valodim's zsh-capture-completion.
zmodload zsh/zpty || { print -u2 "zsh/zpty is missing"; exit 3; }
script=$1 line=$2 mode=$3 setup=${4:-}
init=${TMPDIR:-/tmp}/zsh-complete-$$.zsh
{
  print -r -- 'PROMPT='
  [[ $mode == compinit ]] && print -r -- 'autoload -U +X compinit && compinit -u -D'
  print -r -- "bindkey '^M' undefined; bindkey '^J' undefined; bindkey '^I' complete-word"
  print -r -- "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
  print -r -- 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a hits
  builtin compadd -A hits "$@"
  (( $#hits )) || return 1
  local h
  for h in $hits; do echo -E - "<match>$h</match>"; done
}'
  print -r -- "$setup"
  print -r -- "source ${(q)script}"
  # after the script, whose compinit (when it runs one) empties these: once the completion is done,
  # the shell ends
  print -r -- "comppostfuncs=(exit)"
} > $init
zpty z zsh -f -i
zpty -w z "source ${(q)init}"
zpty -w z "$line"$'\t'
# the inner shell exits after the completion: reading ends with it (the caller bounds the time)
while zpty -r z chunk; do
  print -rn -- "$chunk"
done | while IFS= read -r l; do
  [[ $l == *'<match>'* ]] && print -r -- "${${l#*<match>}%%</match>*}"
done
rm -f $init
